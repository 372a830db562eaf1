package io.layerloom.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    CsvReader.Table read(String content, CsvReader.Options options) throws Exception {
        return CsvReader.read(Files.writeString(dir.resolve("iris.csv"), content), options);
    }

    String error(String content, CsvReader.Options options) {
        return assertThrows(DataException.class, () -> read(content, options)).getMessage();
    }

    @Test
    void headerAndStringLabelsSortedIntoClasses() throws Exception {
        CsvReader.Table t = read("a,b,species\n1,2,virginica\n3,4,setosa\n5,6,virginica\n", CsvReader.Options.lastColumn());
        assertTrue(t.hadHeader());
        assertEquals(List.of("a", "b"), t.featureNames());
        assertEquals(List.of("setosa", "virginica"), t.data().classNames());
        assertArrayEquals(new int[] {1, 0, 1}, t.data().labels());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.data().features());
        assertEquals("iris", t.data().name());
    }

    @Test
    void noHeaderSemicolonAndLabelByIndex() throws Exception {
        CsvReader.Table t = read("2;1.5;7\n1;2.5;8\n", CsvReader.Options.label("0"));
        assertFalse(t.hadHeader());
        assertEquals(List.of("1", "2"), t.data().classNames());
        assertArrayEquals(new int[] {1, 0}, t.data().labels());
        assertArrayEquals(new float[] {1.5f, 7, 2.5f, 8}, t.data().features());
    }

    @Test
    void tabsAndLabelByName() throws Exception {
        CsvReader.Table t = read("kind\tx\ncat\t1\ndog\t2\n", CsvReader.Options.label("Kind"));
        assertEquals(List.of("cat", "dog"), t.data().classNames());
        assertEquals(List.of(1L), t.data().exampleShape());
    }

    @Test
    void notANumberNamesFileLineAndColumn() {
        String csv = "sepal length,sepal width,petal length,petal width,species\n" + "1,2,3,4,a\n".repeat(15) + "1,2,3,abc,b\n";
        assertEquals("iris.csv:17: column 3 'petal width' is not a number: 'abc'", error(csv, CsvReader.Options.lastColumn()));
        assertEquals("iris.csv:2: column 1 is not a number: 'x'", error("1,2,0\n1,x,1\n", CsvReader.Options.lastColumn()));
    }

    @Test
    void raggedRowsEmptyFilesAndSingleClass() {
        assertEquals("iris.csv:3: 2 values, expected 3 like line 1 (the header)",
                error("a,b,c\n1,2,3\n1,2\n", CsvReader.Options.lastColumn()));
        assertEquals("iris.csv: the file is empty; expected rows of numbers with a label column",
                error("\n\n", CsvReader.Options.lastColumn()));
        assertEquals("iris.csv: every row has the label 'x' in column 2 'c'; a classifier needs at least 2 classes."
                + " Choose another label column?", error("a,b,c\n1,2,x\n3,4,x\n", CsvReader.Options.lastColumn()));
        assertEquals("iris.csv:3: column 0 'a' is empty", error("a,b,c\n1,2,x\n,4,y\n", CsvReader.Options.lastColumn()));
    }

    @Test
    void unknownLabelColumnSuggestsTheNearest() {
        assertEquals("iris.csv: no column named 'specie'. Did you mean 'species'? Columns: a, species",
                error("a,species\n1,x\n2,y\n", CsvReader.Options.label("specie")));
        assertEquals("iris.csv: label column 5 does not exist; the file has 2 columns, 0..1",
                error("a,species\n1,x\n2,y\n", CsvReader.Options.label("5")));
    }

    @Test
    void quotedFieldsMayHoldTheDelimiter() throws Exception {
        CsvReader.Table t = read("x,name\n1,\"a, b\"\n2,c\n", CsvReader.Options.lastColumn());
        assertEquals(List.of("a, b", "c"), t.data().classNames());
    }
}
