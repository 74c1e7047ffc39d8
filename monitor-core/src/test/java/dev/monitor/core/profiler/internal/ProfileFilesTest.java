package dev.monitor.core.profiler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.core.profiler.CollapsedProfile;
import dev.monitor.core.profiler.HeapSummary;
import dev.monitor.core.profiler.ProfileKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profiler's files: where each goes, and retention deleting what is older than it and nothing else. */
class ProfileFilesTest {
    @TempDir
    Path profiles;

    @Test
    void filesOlderThanTheRetentionAreDeletedAndTheRestKept() throws Exception {
        ProfileFiles files = new ProfileFiles(profiles, "shop");
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        Instant t1 = Instant.parse("2026-12-02T10:00:00Z");
        CollapsedProfile profile = CollapsedProfile.parse("main;A.a 3\n");
        Path old = files.collapsed(ProfileKind.CPU, t0, t0.plusSeconds(300), profile);
        Path kept = files.collapsed(ProfileKind.CPU, t1, t1.plusSeconds(300), profile);
        Path oldReport = files.recommendations(t0, t0.plusSeconds(300), List.of());
        Path oldHeap = files.heap(new HeapSummary("shop", t0, List.of(new HeapSummary.Entry("byte[]", 1, 16, null, null))));
        Path keptHeap = files.heap(new HeapSummary("shop", t1, List.of()));
        Path notOurs = Files.writeString(profiles.resolve("shop").resolve("notes.txt"), "kept: its name has no time");
        assertEquals(profiles.resolve("shop/cpu/20261201T100000Z--20261201T100500Z.collapsed"), old);
        assertEquals(profiles.resolve("shop/heap/20261201T100000Z.json"), oldHeap);

        assertEquals(3, files.sweep(Instant.parse("2026-12-02T00:00:00Z")));
        assertFalse(Files.exists(old) || Files.exists(oldReport) || Files.exists(oldHeap));
        assertTrue(Files.exists(kept) && Files.exists(keptHeap) && Files.exists(notOurs));
        assertEquals(profile, CollapsedProfile.read(kept));
    }
}
