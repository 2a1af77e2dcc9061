package dev.foreman.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** What applications rely on: Java 17 bytecode, and nothing of Spring or Foreman's servers inside. */
class LibraryShapeTest {
    private static final int JAVA_17 = 61;

    @Test
    void theLibraryIsJava17Bytecode() throws IOException {
        try (InputStream in = Foreman.class.getResourceAsStream("Foreman.class");
                DataInputStream data = new DataInputStream(in)) {
            data.readInt();
            data.readUnsignedShort();
            assertThat(data.readUnsignedShort()).isEqualTo(JAVA_17);
        }
    }

    @Test
    void theLibraryUsesOnlyTheJdkAndJackson() {
        JavaClasses library = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.foreman.client");

        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "dev.foreman.common..", "dev.foreman.api..", "org.slf4j..")
                .check(library);
    }
}
