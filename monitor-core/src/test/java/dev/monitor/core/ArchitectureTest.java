package dev.monitor.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static dev.monitor.core.ArchitectureRules.arePublicTypesOutside;
import static dev.monitor.core.ArchitectureRules.eachPackageBelow;
import static dev.monitor.core.ArchitectureRules.exposeNoType;
import static dev.monitor.core.ArchitectureRules.inAnInternalPackage;
import static dev.monitor.core.ArchitectureRules.inPackage;
import static dev.monitor.core.ArchitectureRules.packagesBelow;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of monitor-core, checked on its compiled classes (tests excluded) by ArchUnit on
 * every build: what a reader of the README's module table is told holds. Each rule says in its
 * failure message which rule a class broke and why the rule exists.
 */
@AnalyzeClasses(packages = "dev.monitor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnNoModuleAboveIt = noClasses().that().resideInAPackage("dev.monitor.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.monitor.xray..", "dev.monitor.cli..", "dev.monitor.slf4j..", "dev.monitor.testing..")
            .because("monitor-core is the runtime every other module builds on: it never depends on monitor-xray, "
                    + "monitor-cli, monitor-slf4j or the test helpers of monitor-testing (which has ManualClock)");

    @ArchTest
    static final ArchRule corePackagesFormNoCycle = slices().assignedFrom(packagesBelow("dev.monitor.core"))
            .should().beFreeOfCycles()
            .because("packages of monitor-core must not form cycles; the root package dev.monitor.core (Monitor) "
                    + "wires the capabilities and counts as a package of its own, so no capability may depend on it");

    @ArchTest
    static final ArchRule noPackageFormsACycleWithItsInternals = slices().assignedFrom(eachPackageBelow("dev.monitor.core"))
            .should().beFreeOfCycles()
            .because("a capability's package (its facade and settings) and its .internal package (the implementation "
                    + "the monitor wires) must not need each other: the implementation depends on the facade, never the "
                    + "reverse, so that the runtime can change without touching what users call");

    @ArchTest
    static final ArchRule runtimeWiringIsInternal = noClasses().that().resideOutsideOfPackage("..internal..")
            .should().haveSimpleName("ExportPipeline").orShould().haveSimpleName("ExportPipelines")
            .orShould().haveSimpleName("SignalProducer").orShould().haveSimpleName("TracerProvider")
            .orShould().haveSimpleName("MetricRegistry").orShould().haveSimpleName("Dashboard")
            .because("the export pipelines, the producers the monitor flushes, the tracer SPI, the metric registry and "
                    + "the dashboard server are runtime wiring: users call Monitor, the exporter SPI and the capabilities' "
                    + "facades, so these live in ..internal.. packages");

    @ArchTest
    static final ArchRule noInternalTypeInPublicSignatures = classes()
            .that(arePublicTypesOutside("..internal.."))
            .should(exposeNoType(inAnInternalPackage(), "a type of an ..internal.. package"))
            .because("types in ..internal.. packages are not API: a public or protected method, constructor or field "
                    + "of a public type outside them must not mention one in its parameters, result or type");

    @ArchTest
    static final ArchRule noJacksonTypeInPublicSignatures = classes()
            .that(arePublicTypesOutside("..internal.."))
            .should(exposeNoType(inPackage("com.fasterxml.jackson"), "a Jackson type (com.fasterxml.jackson..)"))
            .because("Jackson is an implementation detail of monitor-core: public signatures take and return "
                    + "records, strings and maps, so Jackson can change or go without breaking users");
}
