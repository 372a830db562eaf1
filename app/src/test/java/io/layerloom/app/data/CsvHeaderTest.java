package io.layerloom.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV file's features and classes are known from its header and label column before it is
 * loaded (issue 12: a class-count mismatch was reported only after loading the whole file).
 */
class CsvHeaderTest {

    @TempDir
    Path dir;

    final DataSources sources = new DataSources(Path.of("/nonexistent/fashion-mnist"));
    final DataSources.Request request = DataSources.Request.defaults();

    /** 4 features, labels 0, 1, 2 in turn; row {@code bad} (0-based) has "n/a" as its first feature. */
    static String flowers(int rows, int bad) {
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            s.append(r == bad ? "n/a" : "0.5").append(",1.25,").append(r % 7).append(",3,").append(r % 3).append('\n');
        }
        return s.toString();
    }

    @Test
    void theClassesOfACsvFileAreCountedWithoutLoadingIt() throws Exception {
        Path csv = dir.resolve("flowers.csv");
        Files.writeString(csv, flowers(3000, 2999));

        assertEquals(Optional.of(new DataHeader("flowers", List.of(4L), 3)), sources.header(csv.toString(), request));
        // Loading parses every value, and this file has one that is not a number.
        DataException e = assertThrows(DataException.class, () -> sources.resolve(csv.toString(), request));
        assertTrue(e.getMessage().contains("flowers.csv:3000: column 0 is not a number: 'n/a'"), e.getMessage());
    }

    @Test
    void theHeaderAgreesWithTheReaderOnHeadersLabelColumnsAndIntegerLabels() throws Exception {
        Path csv = dir.resolve("iris.csv");
        Files.writeString(csv, "\uFEFFa;b;kind\n\n1;07;setosa\n2;7;virginica\n3;-1;setosa\n4;+7; versicolor \n");
        for (CsvReader.Options options : List.of(CsvReader.Options.lastColumn(), CsvReader.Options.label("kind"),
                CsvReader.Options.label("2"), CsvReader.Options.label("KIND"))) {
            LoadedData loaded = CsvReader.read(csv, options).data();
            assertEquals(Optional.of(new DataHeader("iris", loaded.exampleShape(), loaded.numClasses())),
                    CsvHeader.read(csv, options), options.toString());
            assertEquals(3, loaded.numClasses());
        }
        Path numbers = dir.resolve("numbers.csv");
        Files.writeString(numbers, "1,07\n2,7\n3,-1\n4,+7\n");
        LoadedData loaded = CsvReader.read(numbers, CsvReader.Options.lastColumn()).data();
        assertEquals(2, loaded.numClasses(), "07, 7 and +7 are one class");
        assertEquals(Optional.of(new DataHeader("numbers", List.of(1L), 2)), CsvHeader.read(numbers, CsvReader.Options.lastColumn()));
    }

    @Test
    void aFileThatIsNotAsTheReaderExpectsIsLeftToLoadingWhichSaysWhere() throws Exception {
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "1,2,0\n3,4,1\n5,1\n");
        Path oneClass = dir.resolve("one.csv");
        Files.writeString(oneClass, "1,2,0\n3,4,0\n");
        Path headerOnly = dir.resolve("header.csv");
        Files.writeString(headerOnly, "a,b,label\n");
        Path emptyLabel = dir.resolve("empty.csv");
        Files.writeString(emptyLabel, "1,2,0\n3,4, \n5,6,1\n");
        for (Path p : List.of(ragged, oneClass, headerOnly, emptyLabel)) {
            assertEquals(Optional.empty(), sources.header(p.toString(), request), p.toString());
            assertThrows(DataException.class, () -> sources.resolve(p.toString(), request), p.toString());
        }
        assertEquals(Optional.empty(), CsvHeader.read(ragged, CsvReader.Options.label("9")));
    }

    @Test
    void aNamedPipeGivenAsCsvDataIsRefusedAtOnceNotWaitedFor() throws Exception {
        Path fifo = dir.resolve("stream.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available here");
        // Nothing writes to it: opening it would block for ever.
        DataException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals(Optional.empty(), sources.header(fifo.toString(), request));
            return assertThrows(DataException.class, () -> sources.resolve(fifo.toString(), request));
        });
        assertEquals(fifo + ": not a regular file but a named pipe or a device; the data is read more than once (its header,"
                + " then the values), so save it to a .csv file and give that", e.getMessage());
    }
}
