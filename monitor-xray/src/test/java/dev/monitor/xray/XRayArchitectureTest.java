package dev.monitor.xray;

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
 * The layering of monitor-xray, checked on its compiled classes (tests excluded) by ArchUnit on
 * every build, with the same rules as monitor-core's {@code ArchitectureTest} (built from the same
 * {@code ArchitectureRules}, which monitor-core's test-jar shares). Each rule says in its failure message
 * which rule a class broke and why the rule exists.
 */
@AnalyzeClasses(packages = "dev.monitor.xray", importOptions = ImportOption.DoNotIncludeTests.class)
class XRayArchitectureTest {

    @ArchTest
    static final ArchRule xrayDependsOnNoModuleAboveIt = noClasses().that().resideInAPackage("dev.monitor.xray..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.monitor.cli..", "dev.monitor.slf4j..", "dev.monitor.testing..")
            .because("monitor-xray plugs into monitor-core as a tracer: it never depends on monitor-cli, "
                    + "monitor-slf4j or the test helpers of monitor-testing");

    @ArchTest
    static final ArchRule xrayPackagesFormNoCycle = slices().assignedFrom(packagesBelow("dev.monitor.xray"))
            .should().beFreeOfCycles()
            .because("packages of monitor-xray must not form cycles; the root package dev.monitor.xray "
                    + "counts as a package of its own");

    @ArchTest
    static final ArchRule xrayAndItsInternalsFormNoCycle = slices().assignedFrom(eachPackageBelow("dev.monitor.xray"))
            .should().beFreeOfCycles()
            .because("dev.monitor.xray (what users call: settings, the XRayTracer interface, HTTP instrumentation, "
                    + "trace queries) and dev.monitor.xray.internal (the tracer's implementation, its provider and "
                    + "exporters) must not need each other: the implementation depends on the API, never the reverse");

    @ArchTest
    static final ArchRule theTracerAndItsProviderAreInternal = classes().that().implement("dev.monitor.core.trace.internal.TracerProvider")
            .or().implement("dev.monitor.core.export.internal.SignalProducer")
            .or().areAssignableTo("dev.monitor.core.export.Exporter")
            .should().resideInAPackage("dev.monitor.xray.internal..")
            .because("the tracer's implementation (which the monitor flushes), its provider (which takes the monitor's "
                    + "traces pipeline) and the exporters are wiring, not API: users see the XRayTracer interface");

    @ArchTest
    static final ArchRule noInternalTypeInPublicSignatures = classes()
            .that(arePublicTypesOutside("..internal.."))
            .and().resideInAPackage("dev.monitor.xray..")
            .should(exposeNoType(inAnInternalPackage(), "a type of an ..internal.. package"))
            .because("types in ..internal.. packages are not API: a public or protected method, constructor or field "
                    + "of a public type outside them must not mention one in its parameters, result or type");

    @ArchTest
    static final ArchRule noJacksonTypeInPublicSignatures = classes()
            .that(arePublicTypesOutside("..internal.."))
            .and().resideInAPackage("dev.monitor.xray..")
            .should(exposeNoType(inPackage("com.fasterxml.jackson"), "a Jackson type (com.fasterxml.jackson..)"))
            .because("Jackson is an implementation detail of Monitor: public signatures take and return "
                    + "records, strings and maps, so Jackson can change or go without breaking users");
}
