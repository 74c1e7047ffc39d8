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
     * Every package of the API its own slice, the root package dev.monitor.api (Telemetry, which
     * returns every capability's facade) included: it may depend on the capabilities, none of them
     * on it, which is why Subscription lives in dev.monitor.api.subscription and not in the root.
     */
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            return pkg.equals("dev.monitor.api") || pkg.startsWith("dev.monitor.api.") ? SliceIdentifier.of(pkg)
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "dev.monitor.api and every package below it, each on its own";
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
            .because("each package of monitor-api (metrics, logs, trace, audit, context, events, subscription) stands "
                    + "on its own or on the ones below it, and the root (Telemetry) only on them, so a library can read "
                    + "one without the others");
}
