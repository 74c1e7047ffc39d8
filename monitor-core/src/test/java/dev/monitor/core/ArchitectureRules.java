package dev.monitor.core;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The pieces of Monitor's ArchUnit rules, shared by every module's architecture test (monitor-core's
 * test-jar): slices that count a root package as one of them, public types outside a package,
 * and the condition that no public signature mentions a forbidden type.
 */
public final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /**
     * Slices of the packages below {@code base}, one per first-level package (its sub-packages
     * included), and {@code base} itself as a slice of its own: ArchUnit's
     * {@code matching("base.(*)..")} leaves the classes directly in {@code base} out of every slice,
     * so a cycle through the root package would go unseen.
     */
    public static SliceAssignment packagesBelow(String base) {
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

    /**
     * One slice per package below {@code base} and {@code base} itself, sub-packages apart: a
     * capability's package and its {@code .internal} package are two slices, so that a cycle
     * between them (the public facade needing the implementation, which needs the facade) is seen.
     */
    public static SliceAssignment eachPackageBelow(String base) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.equals(base) || name.startsWith(base + ".") ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "every package below " + base + " and " + base + " itself, each on its own";
            }
        };
    }

    /** Public types outside the packages {@code excluded}, whose enclosing types (if nested) are public too. */
    public static DescribedPredicate<JavaClass> arePublicTypesOutside(String excluded) {
        DescribedPredicate<JavaClass> inExcluded = JavaClass.Predicates.resideInAPackage(excluded);
        return DescribedPredicate.describe("are public types outside " + excluded,
                type -> !inExcluded.test(type) && isVisibleOutside(type));
    }

    private static boolean isVisibleOutside(JavaClass type) {
        Set<JavaModifier> modifiers = type.getModifiers();
        if (!modifiers.contains(JavaModifier.PUBLIC) && !modifiers.contains(JavaModifier.PROTECTED)) {
            return false;
        }
        return type.getEnclosingClass().map(ArchitectureRules::isVisibleOutside).orElse(true);
    }

    public static DescribedPredicate<JavaClass> inAnInternalPackage() {
        return DescribedPredicate.describe("in an ..internal.. package", type -> {
            String name = type.getPackageName();
            return name.endsWith(".internal") || name.contains(".internal.");
        });
    }

    public static DescribedPredicate<JavaClass> inPackage(String prefix) {
        return DescribedPredicate.describe("in " + prefix + "..",
                type -> type.getPackageName().equals(prefix) || type.getPackageName().startsWith(prefix + "."));
    }

    /**
     * Every public or protected field, constructor and method (synthetic ones left out) whose type,
     * parameter types or result type mentions, at any depth of generics, a type {@code forbidden}
     * matches is a violation naming the member and the type; so is a superclass or an implemented
     * interface (generic arguments included) that mentions one, since a caller can use the type as it.
     */
    public static ArchCondition<JavaClass> exposeNoType(DescribedPredicate<JavaClass> forbidden, String what) {
        return new ArchCondition<>("have no public or protected member whose signature mentions " + what) {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                List<JavaType> supertypes = new ArrayList<>();
                type.getSuperclass().ifPresent(supertypes::add);
                supertypes.addAll(type.getInterfaces());
                for (JavaType supertype : supertypes) {
                    for (JavaClass involved : supertype.getAllInvolvedRawTypes()) {
                        if (forbidden.test(involved)) {
                            events.add(SimpleConditionEvent.violated(type, type.getName() + " extends or implements "
                                    + involved.getName() + ", " + what + " " + type.getSourceCodeLocation()));
                        }
                    }
                }
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
