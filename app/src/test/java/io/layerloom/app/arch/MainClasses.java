package io.layerloom.app.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * LayerLoom's main classes, as the architecture rules see them: test classes are left out,
 * whether in a module's test-classes folder or in the test jars of graph-model and codegen that
 * this module's tests use (ArchUnit's own option knows only the folders).
 */
final class MainClasses {

    private MainClasses() {
    }

    static JavaClasses importAll() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.layerloom");
    }
}
