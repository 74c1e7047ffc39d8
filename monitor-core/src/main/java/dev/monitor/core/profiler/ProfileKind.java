package dev.monitor.core.profiler;

import java.util.Arrays;
import java.util.Locale;

/** What a profile counts: CPU samples, bytes allocated, or nanoseconds threads were blocked on a lock. */
public enum ProfileKind {
    /** {@code jdk.ExecutionSample}: one count per sample of a running Java thread. */
    CPU("samples"),
    /** {@code jdk.ObjectAllocationSample}: the bytes each sample stands for (its weight). */
    ALLOC("bytes"),
    /** {@code jdk.JavaMonitorEnter} and lock {@code jdk.ThreadPark} above the threshold: nanoseconds blocked. */
    LOCK("ns blocked");

    private final String unit;

    ProfileKind(String unit) {
        this.unit = unit;
    }

    /** The folder and file name part: {@code cpu}, {@code alloc}, {@code lock} (as {@link CollapsedProfile#KINDS}). */
    public String folder() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What one count stands for. */
    public String unit() {
        return unit;
    }

    /** The kind of a folder name. @throws IllegalArgumentException naming the value and the kinds there are */
    public static ProfileKind fromFolder(String folder) {
        return Arrays.stream(values()).filter(kind -> kind.folder().equals(folder)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("profile kind '" + folder + "' is not one of cpu, alloc, lock"));
    }
}
