package dev.monitor.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** monitor-api stays dependency-free, checked on its compiled classes by ArchUnit on every build. */
@AnalyzeClasses(packages = "dev.monitor.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ApiDependenciesTest {

    @ArchTest
    static final ArchRule apiDependsOnlyOnTheJdk = classes().that().resideInAPackage("dev.monitor.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.monitor.api..")
            .because("monitor-api depends on nothing but java.*: a library instruments itself against it "
                    + "without pulling in the runtime or any other library");
}
