package dev.foreman.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph points one way: proto ← common ← each service, and services never depend on
 * each other. This module has all three services on its test classpath, so it is where the rule
 * can see every class. ArchUnit fails a rule whose classes it cannot find, so these cannot pass
 * on an empty import.
 */
class ModuleBoundariesTest {
    private static JavaClasses foreman;

    @BeforeAll
    static void importProductionClasses() {
        foreman = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.foreman");
    }

    @Test
    void apiServiceDependsOnNoOtherService() {
        noClasses()
                .that()
                .resideInAPackage("dev.foreman.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.foreman.worker..", "dev.foreman.scheduler..")
                .check(foreman);
    }

    @Test
    void workerServiceDependsOnNoOtherService() {
        noClasses()
                .that()
                .resideInAPackage("dev.foreman.worker..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.foreman.api..", "dev.foreman.scheduler..")
                .check(foreman);
    }

    @Test
    void schedulerServiceDependsOnNoOtherService() {
        noClasses()
                .that()
                .resideInAPackage("dev.foreman.scheduler..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.foreman.api..", "dev.foreman.worker..")
                .check(foreman);
    }

    @Test
    void commonDependsOnNoService() {
        noClasses()
                .that()
                .resideInAPackage("dev.foreman.common..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.foreman.api..", "dev.foreman.worker..", "dev.foreman.scheduler..")
                .check(foreman);
    }

    @Test
    void productionCodeNeverUsesTheTestkit() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.foreman.api..", "dev.foreman.worker..", "dev.foreman.scheduler..", "dev.foreman.common..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.foreman.testkit..")
                .check(foreman);
    }
}
