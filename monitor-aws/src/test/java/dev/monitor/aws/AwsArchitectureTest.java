package dev.monitor.aws;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static dev.monitor.core.ArchitectureRules.arePublicTypesOutside;
import static dev.monitor.core.ArchitectureRules.eachPackageBelow;
import static dev.monitor.core.ArchitectureRules.exposeNoType;
import static dev.monitor.core.ArchitectureRules.inAnInternalPackage;
import static dev.monitor.core.ArchitectureRules.inPackage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of monitor-aws, with monitor-core's rules (its test-jar's {@code ArchitectureRules}). */
@AnalyzeClasses(packages = "dev.monitor.aws", importOptions = ImportOption.DoNotIncludeTests.class)
class AwsArchitectureTest {

    @ArchTest
    static final ArchRule awsDependsOnNoModuleAboveIt = noClasses().that().resideInAPackage("dev.monitor.aws..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.monitor.cli..", "dev.monitor.slf4j..",
                    "dev.monitor.testing..", "dev.monitor.console..")
            .because("monitor-aws plugs into monitor-core through its exporter SPI and needs no other module");

    @ArchTest
    static final ArchRule onlyCentralizedSamplingUsesXRay = noClasses().that().resideInAPackage("dev.monitor.aws..")
            .and().haveNameNotMatching(".*\\.CentralizedSampling.*")
            .should().dependOnClassesThat().resideInAnyPackage("dev.monitor.xray..")
            .because("monitor-xray is an optional dependency of monitor-aws: only centralized sampling, which plugs into "
                    + "its tracer's sampling SPI and is loaded only when monitor-xray is there, may use it");

    @ArchTest
    static final ArchRule awsAndItsInternalsFormNoCycle = slices().assignedFrom(eachPackageBelow("dev.monitor.aws"))
            .should().beFreeOfCycles()
            .because("dev.monitor.aws (settings users read about) and dev.monitor.aws.internal (exporters and the "
                    + "client wiring) must not need each other both ways: the implementation depends on the API");

    @ArchTest
    static final ArchRule exportersAreInternal = classes().that().areAssignableTo("dev.monitor.core.export.Exporter")
            .or().implement("dev.monitor.core.export.ExporterProvider")
            .should().resideInAPackage("dev.monitor.aws.internal..")
            .because("exporters and their providers are wiring found by ServiceLoader, not API");

    @ArchTest
    static final ArchRule noInternalTypeInPublicSignatures = classes()
            .that(arePublicTypesOutside("..internal..")).and().resideInAPackage("dev.monitor.aws..")
            .should(exposeNoType(inAnInternalPackage(), "a type of an ..internal.. package"))
            .because("types in ..internal.. packages are not API");

    @ArchTest
    static final ArchRule noSdkOrJacksonTypeInPublicSignatures = classes()
            .that(arePublicTypesOutside("..internal..")).and().resideInAPackage("dev.monitor.aws..")
            .should(exposeNoType(inPackage("software.amazon.awssdk"), "an AWS SDK type (software.amazon.awssdk..)"))
            .andShould(exposeNoType(inPackage("com.fasterxml.jackson"), "a Jackson type"))
            .because("settings are plain values (strings, URIs, durations), so the SDK can move without breaking users");
}
