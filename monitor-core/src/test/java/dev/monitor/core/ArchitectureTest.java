package dev.monitor.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * Slices of the packages below {@code base}, one per first-level package (its sub-packages
     * included), and {@code base} itself as a slice of its own: ArchUnit's
     * {@code matching("base.(*)..")} leaves the classes directly in {@code base} out of every slice,
     * so a cycle through the root package would go unseen.
     */
    static SliceAssignment packagesBelow(String base) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals(base)) {
                    return SliceIdentifier.of(base);
                }
                if (!name.startsWith(base + ".")) {
                    return SliceIdentifier.ignore();
                }
                String rest = name.substring(base.length() + 1);
                int dot = rest.indexOf('.');
                return SliceIdentifier.of(base + "." + (dot < 0 ? rest : rest.substring(0, dot)));
            }

            @Override
            public String getDescription() {
                return "the packages below " + base + " and " + base + " itself";
            }
        };
    }

    /** Public types outside the packages {@code excluded}, whose enclosing types (if nested) are public too. */
    static DescribedPredicate<JavaClass> arePublicTypesOutside(String excluded) {
        DescribedPredicate<JavaClass> inExcluded = JavaClass.Predicates.resideInAPackage(excluded);
        return DescribedPredicate.describe("are public types outside " + excluded,
                type -> !inExcluded.test(type) && isVisibleOutside(type));
    }

    private static boolean isVisibleOutside(JavaClass type) {
        Set<JavaModifier> modifiers = type.getModifiers();
        if (!modifiers.contains(JavaModifier.PUBLIC) && !modifiers.contains(JavaModifier.PROTECTED)) {
            return false;
        }
        return type.getEnclosingClass().map(ArchitectureTest::isVisibleOutside).orElse(true);
    }

    static DescribedPredicate<JavaClass> inAnInternalPackage() {
        return DescribedPredicate.describe("in an ..internal.. package", type -> {
            String name = type.getPackageName();
            return name.endsWith(".internal") || name.contains(".internal.");
        });
    }

    static DescribedPredicate<JavaClass> inPackage(String prefix) {
        return DescribedPredicate.describe("in " + prefix + "..",
                type -> type.getPackageName().equals(prefix) || type.getPackageName().startsWith(prefix + "."));
    }

    /**
     * Every public or protected field, constructor and method (synthetic ones left out) whose type,
     * parameter types or result type mentions, at any depth of generics, a type {@code forbidden}
     * matches is a violation naming the member and the type.
     */
    static ArchCondition<JavaClass> exposeNoType(DescribedPredicate<JavaClass> forbidden, String what) {
        return new ArchCondition<>("have no public or protected member whose signature mentions " + what) {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (JavaMember member : type.getMembers()) {
                    Set<JavaModifier> modifiers = member.getModifiers();
                    if (!modifiers.contains(JavaModifier.PUBLIC) && !modifiers.contains(JavaModifier.PROTECTED)
                            || modifiers.contains(JavaModifier.SYNTHETIC) || modifiers.contains(JavaModifier.BRIDGE)) {
                        continue;
                    }
                    for (JavaClass mentioned : signatureTypes(member)) {
                        if (forbidden.test(mentioned)) {
                            events.add(SimpleConditionEvent.violated(member, member.getFullName() + " mentions "
                                    + mentioned.getName() + ", " + what + " " + member.getSourceCodeLocation()));
                        }
                    }
                }
            }
        };
    }

    private static Set<JavaClass> signatureTypes(JavaMember member) {
        List<JavaType> types = new ArrayList<>();
        if (member instanceof JavaField field) {
            types.add(field.getType());
        } else if (member instanceof JavaCodeUnit codeUnit) {
            types.add(codeUnit.getReturnType());
            types.addAll(codeUnit.getParameterTypes());
        }
        Set<JavaClass> raw = new LinkedHashSet<>();
        for (JavaType type : types) {
            for (JavaClass involved : type.getAllInvolvedRawTypes()) {
                raw.add(involved.isArray() ? involved.getBaseComponentType() : involved);
            }
        }
        return raw;
    }
}
