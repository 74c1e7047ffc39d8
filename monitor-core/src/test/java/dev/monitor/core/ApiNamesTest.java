package dev.monitor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.monitor.api.metrics.Unit;
import dev.monitor.core.alarms.AlarmState;
import dev.monitor.core.events.FlexibleTimeWindow;
import dev.monitor.core.events.RuleState;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every public enum that stands for an AWS value names it alike: {@code apiName()} gives the value
 * on the wire, and a static {@code fromApiName(String)} reads it back or says which values it takes.
 */
class ApiNamesTest {
    private static final Pattern AWS_NAME = Pattern.compile("(?i)(aws|wire|cloudWatch|cloudTrail|eventBridge|events|xRay|scheduler).*Name");

    private static List<Class<?>> publicEnums() {
        List<Class<?>> enums = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.monitor.api", "dev.monitor.core")) {
            Class<?> reflected = type.reflect();
            if (reflected.isEnum() && Modifier.isPublic(reflected.getModifiers()) && !type.getPackageName().contains(".internal")) {
                enums.add(reflected);
            }
        }
        return enums;
    }

    @Test
    void everyEnumWithAnApiNameReadsItBack() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Class<?> type : publicEnums()) {
            Method apiName;
            try {
                apiName = type.getMethod("apiName");
            } catch (NoSuchMethodException e) {
                continue;
            }
            Method from = type.getMethod("fromApiName", String.class);
            assertTrue(Modifier.isStatic(from.getModifiers()), type + ".fromApiName is static");
            assertEquals(type, from.getReturnType(), type + ".fromApiName returns the enum");
            for (Object constant : type.getEnumConstants()) {
                assertSame(constant, from.invoke(null, apiName.invoke(constant)), type + ": " + constant);
            }
            InvocationTargetException refused = assertThrows(InvocationTargetException.class, () -> from.invoke(null, "Parsecs"));
            assertTrue(refused.getCause() instanceof IllegalArgumentException, type + ": " + refused.getCause());
            assertTrue(refused.getCause().getMessage().contains("'Parsecs'"), refused.getCause().getMessage());
            checked.add(type.getSimpleName());
        }
        assertTrue(checked.containsAll(List.of("Unit", "AlarmState", "ComparisonOperator", "TreatMissingData", "Category",
                "AdjustmentType", "RuleState", "ReplayState", "Mode")), "checked " + checked);
    }

    @Test
    void noEnumNamesItsWireValueAnyOtherWay() {
        for (Class<?> type : publicEnums()) {
            for (Method method : type.getDeclaredMethods()) {
                String name = method.getName();
                // cloudWatchName(), awsName(), fromCloudTrailName(...): an AWS service's name for its value
                boolean wireNameAccessor = method.getParameterCount() == 0 && method.getReturnType() == String.class
                        && AWS_NAME.matcher(name).matches();
                boolean wireNameParser = Modifier.isStatic(method.getModifiers()) && name.startsWith("from") && name.endsWith("Name")
                        && !name.equals("fromApiName");
                assertFalse(wireNameAccessor || wireNameParser, type.getName() + "." + name + " should be apiName/fromApiName");
            }
        }
    }

    @Test
    void wireValuesAreAwsSpelling() {
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html (Unit)
        assertEquals("Bytes/Second", Unit.BYTES_PER_SECOND.apiName());
        assertSame(Unit.MILLISECONDS, Unit.fromApiName("Milliseconds"));
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html (StateValue)
        assertSame(AlarmState.INSUFFICIENT_DATA, AlarmState.fromApiName("INSUFFICIENT_DATA"));
        // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html (State)
        assertSame(RuleState.DISABLED, RuleState.fromApiName("DISABLED"));
        // https://docs.aws.amazon.com/scheduler/latest/APIReference/API_FlexibleTimeWindow.html (Mode)
        assertSame(FlexibleTimeWindow.Mode.FLEXIBLE, FlexibleTimeWindow.Mode.fromApiName("FLEXIBLE"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuleState.fromApiName("enabled"));
        assertEquals("State 'enabled' is not one of [ENABLED, DISABLED]", e.getMessage());
    }
}
