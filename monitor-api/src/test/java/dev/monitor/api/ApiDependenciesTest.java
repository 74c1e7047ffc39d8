package dev.monitor.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** monitor-api stays dependency-free, checked on its compiled classes by ArchUnit on every build. */
@AnalyzeClasses(packages = "dev.monitor.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ApiDependenciesTest {
    /**
     * Every package below the API's root its own slice. The root package is left out: Telemetry
     * (which returns every capability's facade) and Subscription (which metrics' observe returns)
     * share it, a cycle with dev.monitor.api.metrics that only moving Subscription would break.
     */
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return javaClass.getPackageName().startsWith("dev.monitor.api.") ? SliceIdentifier.of(javaClass.getPackageName())
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "every package below dev.monitor.api, each on its own";
        }
    };

    @ArchTest
    static final ArchRule apiDependsOnlyOnTheJdk = classes().that().resideInAPackage("dev.monitor.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.monitor.api..")
            .because("monitor-api depends on nothing but java.*: a library instruments itself against it "
                    + "without pulling in the runtime or any other library");

    @ArchTest
    static final ArchRule apiPackagesFormNoCycle = slices().assignedFrom(EACH_PACKAGE)
            .should().beFreeOfCycles()
            .because("each package of monitor-api (metrics, logs, trace, audit, context) stands on its own or on "
                    + "the ones below it, so a library can read one without the others");
}
