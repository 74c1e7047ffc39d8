package dev.monitor.otlp.internal;

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

/** The layering of monitor-otlp, with monitor-core's rules (its test-jar's {@code ArchitectureRules}). */
@AnalyzeClasses(packages = "dev.monitor.otlp", importOptions = ImportOption.DoNotIncludeTests.class)
class OtlpArchitectureTest {

    @ArchTest
    static final ArchRule otlpNeedsOnlyCore = noClasses().that().resideInAPackage("dev.monitor.otlp..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.monitor.cli..", "dev.monitor.slf4j..", "dev.monitor.testing..",
                    "dev.monitor.xray..", "dev.monitor.console..", "dev.monitor.aws..", "com.google.protobuf..", "io.opentelemetry..")
            .because("monitor-otlp reads segment documents as JSON, so it needs no tracer, and encodes OTLP itself: "
                    + "users pay for nothing but this jar");

    @ArchTest
    static final ArchRule noCycles = slices().assignedFrom(eachPackageBelow("dev.monitor.otlp")).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule exportersAreInternal = classes().that().areAssignableTo("dev.monitor.core.export.Exporter")
            .or().implement("dev.monitor.core.export.ExporterProvider")
            .should().resideInAPackage("dev.monitor.otlp.internal..")
            .because("exporters and their providers are wiring found by ServiceLoader, not API");

    @ArchTest
    static final ArchRule noInternalOrJacksonTypeInPublicSignatures = classes()
            .that(arePublicTypesOutside("..internal..")).and().resideInAPackage("dev.monitor.otlp..")
            .should(exposeNoType(inAnInternalPackage(), "a type of an ..internal.. package"))
            .andShould(exposeNoType(inPackage("com.fasterxml.jackson"), "a Jackson type"));
}
