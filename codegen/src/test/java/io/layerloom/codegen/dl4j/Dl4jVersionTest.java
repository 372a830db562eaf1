package io.layerloom.codegen.dl4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The release the code names is the release the build uses: the root POM's {@code dl4j.version}. */
class Dl4jVersionTest {

    @Test
    void theTargetIsTheDl4jVersionOfTheRootPom() throws Exception {
        // surefire runs in the module's folder; the root POM is its parent's
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher m = Pattern.compile("<dl4j\\.version>([^<]+)</dl4j\\.version>").matcher(pom);
        assertTrue(m.find(), "the root pom.xml has no <dl4j.version>");
        assertEquals(m.group(1), Dl4jVersion.TARGET);
    }
}
