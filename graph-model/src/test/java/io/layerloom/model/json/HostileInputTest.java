package io.layerloom.model.json;

import io.layerloom.model.TestGraphs;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.training.TrainingSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 12 section 3: the hostile inputs that got through the reader, each refused in a moment with its place. */
class HostileInputTest {

    private static final String HEAD = "{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": [";

    private static GraphFormatException refused(String text) {
        return assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(GraphFormatException.class, () -> GraphJson.read(text, "bad.json")));
    }

    @Test
    void anExponentOfAHundredMillionIsRefusedAtOnceWithItsPlaceAndTheFix() {
        // The 90-byte file: validation ran for over 40 s, the designer would hang opening it.
        String text = HEAD + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4]},\n"
                + "{\"id\": \"d\", \"kind\": \"Dense\", \"inputs\": [\"in\"], \"units\": 1e-100000000}]}";
        GraphFormatException e = refused(text);
        assertEquals("bad.json:2:57: node 'd': field 'units': the number 1e-100000000 has an exponent beyond \u00b11000, far outside "
                + "what any setting can hold (doubles reach about 1e\u00b1308). Write it as a plain number such as 0.001 or "
                + "1e-30, or 0.", e.getMessage());
        assertTrue(refused(text.replace("1e-100000000", "1E+99999999999999999999")).getMessage()
                .contains("exponent beyond"));
    }

    @Test
    void tinyAndHugeNumbersThatADoubleHoldsStillRead() throws Exception {
        Graph g = GraphJson.read(HEAD + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4]},"
                + "{\"id\": \"bn\", \"kind\": \"BatchNorm\", \"inputs\": [\"in\"], \"eps\": 1e-30, \"momentum\": 0.9},"
                + "{\"id\": \"n\", \"kind\": \"LocalResponseNorm\", \"inputs\": [\"bn\"], \"k\": 1e300, \"alpha\": 1.0E-300}]}",
                "ok.json");
        assertEquals(1e-30, ((LayerSpec.BatchNorm) g.require("bn").spec()).eps());
        assertEquals(1e300, ((LayerSpec.LocalResponseNorm) g.require("n").spec()).k());
        assertEquals(1e-300, ((LayerSpec.LocalResponseNorm) g.require("n").spec()).alpha());
        assertEquals(g, GraphJson.read(GraphJson.write(g), "again"));
    }

    @Test
    void aNumberWithTooManyDigitsIsRefusedInOurWords() {
        GraphFormatException e = refused(HEAD + "{\"id\": \"d\", \"kind\": \"Dropout\", \"rate\": 0." + "3".repeat(150) + "}]}");
        assertEquals("bad.json:1:94: node 'd': field 'rate': the number 0.3333333333...333333333333 has 151 digits; a graph file "
                + "allows at most 100 (a double keeps 17). Write it with fewer digits, such as 0.1234567 or 1.5e20.",
                e.getMessage());
        // Past Jackson's own limit on a number's length, the same words, not Jackson's.
        GraphFormatException longer = refused(HEAD + "{\"id\": \"d\", \"kind\": \"Dropout\", \"rate\": 0." + "2".repeat(1500) + "}]}");
        assertFalse(longer.getMessage().contains("StreamReadConstraints"), longer.getMessage());
        assertTrue(longer.getMessage().startsWith("bad.json:1:"), longer.getMessage());
        assertTrue(longer.getMessage().contains("node 'd': field 'rate': a number of more than 1,000 characters; a graph file allows "
                + "at most 100 digits"), longer.getMessage());
    }

    @Test
    void aThirtyMillionCharacterStringIsRefusedInOurWordsWithTheLineAndField() {
        String text = "{\"format\": \"layerloom-graph\", \"version\": 1,\n\"description\": \"" + "x".repeat(30_000_000)
                + "\", \"nodes\": []}";
        GraphFormatException e = refused(text);
        assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage());
        assertEquals(2, e.line(), e.getMessage());
        assertEquals(Optional.of("description"), e.field());
        assertTrue(e.problem().startsWith("a string of more than 1,000,000 characters; no text in a graph file needs that "
                + "many"), e.getMessage());
    }

    @Test
    void devZeroIsRefusedByTheBytesReadNotTheSizeItReports(@TempDir Path dir) throws Exception {
        // Files.size is 0 there: the old cap let the reader run out of memory after 4.4 GB.
        Path zero = Path.of("/dev/zero");
        GraphFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(GraphFormatException.class, () -> GraphJson.read(zero)));
        assertEquals("/dev/zero: more than 67108864 bytes came from it, and it does not end (a device or a pipe, not a "
                + "regular file?); graph files are at most 67108864 bytes (64 MiB). Is it really a LayerLoom graph?",
                e.getMessage());
        assertThrows(GraphFormatException.class, () -> PlainJson.read(zero));
        // A regular file is still judged by its size first, without reading it.
        Path big = dir.resolve("big.json");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(GraphJson.MAX_FILE_BYTES + 1);
        }
        assertTrue(assertThrows(GraphFormatException.class, () -> GraphJson.read(big)).getMessage()
                .contains("the file has 67108865 bytes"));
        Path small = dir.resolve("small.json");
        Files.writeString(small, "\uFEFF" + TestGraphs.TINY, StandardCharsets.UTF_8);
        assertEquals(TestGraphs.parse(TestGraphs.TINY), GraphJson.read(small));
    }

    @Test
    void aNumberTooSmallForADoubleIsRefusedNotReadAsMinusZero() {
        // -1e-400 read as -0.0, passed "l2 cannot be negative", and was written back as 0.
        GraphFormatException e = refused("{\"format\": \"layerloom-graph\", \"version\": 1, \"training\": "
                + "{\"l2\": -1e-400}, \"nodes\": []}");
        assertEquals("bad.json:1:64: field 'training.l2': the number -1e-400 is too small to hold: it would read as 0 (the "
                + "smallest double is about 4.9e-324). Write 0, or a value such as 1e-30.", e.getMessage());
        assertTrue(refused(HEAD + "{\"id\": \"d\", \"kind\": \"Dropout\", \"rate\": 1e-999}]}").getMessage()
                .contains("node 'd': field 'rate': the number 1e-999 is too small to hold"));
    }

    @Test
    void minusZeroSurvivesAWriteAndARead() throws Exception {
        TrainingSettings d = TrainingSettings.defaults();
        TrainingSettings t = new TrainingSettings(d.optimizer(), d.learningRate(), d.schedule(), d.stepEvery(), d.decay(),
                d.warmupEpochs(), d.batchSize(), d.epochs(), -0.0, d.weightDecay(), d.weightInit(), d.gradientClip(),
                d.switchToSgdAtEpoch(), d.seed());
        Graph g = new Graph("z", "", TestGraphs.parse(TestGraphs.TINY).nodes(), Optional.of(t));
        String text = GraphJson.write(g);
        assertTrue(text.contains("\"l2\": -0,"), text);
        Graph again = GraphJson.read(text, "again");
        assertEquals(g, again);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(again.training().orElseThrow().l2()));
    }

    @Test
    void aHugeUnknownNameIsShownShortAndJudgedAtOnce() {
        // Found by benchmarks/fuzz: a 70,000-character kind took seconds in "did you mean" and filled the message.
        String kind = "Conv" + "s".repeat(100_000);
        GraphFormatException e = refused(HEAD + "{\"id\": \"c\", \"kind\": \"" + kind + "\"},\n"
                + "{\"id\": \"d\", \"kind\": \"Dense\", \"units\": 3, \"activation\": \"" + "r".repeat(100_000) + "\"}]}");
        assertTrue(e.getMessage().startsWith("bad.json:1:75: node 'c': unknown kind 'Convssssssssssssssssssssssssssssssssss...sss"),
                e.getMessage());
        assertTrue(e.getMessage().length() < 1_000, e.getMessage().length() + " characters");
        GraphFormatException activation = refused(HEAD + "{\"id\": \"d\", \"kind\": \"Dense\", \"units\": 3, "
                + "\"activation\": \"" + "r".repeat(100_000) + "\"}]}");
        assertTrue(activation.getMessage().length() < 1_000, activation.getMessage().length() + " characters");
    }

    @Test
    void millionsOfValuesAreRefusedBeforeTheyFillTheMemory() {
        // A 64 MiB file of [0,0,0,...] (33 million values) ran out of a 1 GB heap after two minutes.
        String text = "{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": [],\n\"extra\": ["
                + "0,".repeat(2_100_000) + "0]}";
        GraphFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(GraphFormatException.class, () -> GraphJson.read(text, "bad.json")));
        assertEquals(2, e.line(), e.getMessage());
        assertEquals(Optional.of("extra"), e.field());
        assertEquals("the file holds more than 2,000,000 JSON values, keys and brackets; DenseNet-121 needs about 10,000, "
                + "and a graph of 80,000 layers about 2,000,000. Is it really a LayerLoom graph?", e.problem());
    }
}
