package io.gatehouse.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;

/** The floor plan: packages without cycles, settings below every feature, each feature wiring its own beans. */
class PackageRulesTests {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.gatehouse");
    }

    @Test
    void packagesWhenImportedThenNoneDependsOnAnotherInACycle() {
        slices().matching("io.gatehouse.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void configWhenImportedThenDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("io.gatehouse.config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.gatehouse.account..",
                        "io.gatehouse.admin..",
                        "io.gatehouse.audit..",
                        "io.gatehouse.challenge..",
                        "io.gatehouse.cli..",
                        "io.gatehouse.cookies..",
                        "io.gatehouse.demo..",
                        "io.gatehouse.enforcement..",
                        "io.gatehouse.enrollment..",
                        "io.gatehouse.firewall..",
                        "io.gatehouse.login..",
                        "io.gatehouse.metrics..",
                        "io.gatehouse.notify..",
                        "io.gatehouse.policy..",
                        "io.gatehouse.proxy..",
                        "io.gatehouse.session..",
                        "io.gatehouse.store..",
                        "io.gatehouse.web..")
                .check(main);
    }

    @Test
    void configWhenImportedThenWiresNoBeansButTheSettings() {
        noClasses()
                .that()
                .resideInAPackage("io.gatehouse.config..")
                .and()
                .doNotHaveSimpleName("GatehouseConfiguration")
                .should()
                .beAnnotatedWith(Configuration.class)
                .because("each feature wires its own beans; config only loads and validates the settings")
                .check(main);
    }

    @Test
    void sharedPlumbingWhenImportedThenDependsOnNoFlowStage() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.gatehouse.web..",
                        "io.gatehouse.session..",
                        "io.gatehouse.cookies..",
                        "io.gatehouse.login..",
                        "io.gatehouse.proxy..",
                        "io.gatehouse.policy..",
                        "io.gatehouse.firewall..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.gatehouse.enforcement..",
                        "io.gatehouse.challenge..",
                        "io.gatehouse.enrollment..",
                        "io.gatehouse.account..",
                        "io.gatehouse.admin..",
                        "io.gatehouse.cli..",
                        "io.gatehouse.demo..")
                .check(main);
    }
}
