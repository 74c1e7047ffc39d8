package dev.monitor.core.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code profiles/<group>/<kind>/<start>--<end>.collapsed} files by time range, written here by hand. */
class CollapsedProfileFilesTest {
    @TempDir
    Path profiles;

    private void write(String group, String kind, String interval, String text) throws Exception {
        Path folder = Files.createDirectories(profiles.resolve(group).resolve(kind));
        Files.writeString(folder.resolve(interval + ".collapsed"), text);
    }

    @Test
    void readsAndMergesTheIntervalsThatOverlapTheRange() throws Exception {
        write("shop", "cpu", "20261202T100000Z--20261202T100500Z", "main;Checkout.pay;String.format 3\nmain;Checkout.pay 1\n");
        write("shop", "cpu", "20261202T100500Z--20261202T101000Z", "main;Checkout.pay;String.format 4\n");
        write("shop", "cpu", "20261202T101000Z--20261202T101500Z", "main;Idle.sleep 10\n");
        write("shop", "alloc", "20261202T100000Z--20261202T100500Z", "main;Checkout.pay 4096\n");
        write("other", "cpu", "20261202T100000Z--20261202T100500Z", "main;Other.work 7\n");
        Files.writeString(profiles.resolve("shop/cpu/notes.txt"), "not an interval");

        CollapsedProfile first = CollapsedProfile.read(profiles, "shop", "cpu",
                Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-02T10:10:00Z"));
        assertEquals("main;Checkout.pay 1\nmain;Checkout.pay;String.format 7\n", first.write());
        assertEquals(List.of(), first.problems());

        // A range that ends where an interval starts does not include it; one that cuts into an interval does.
        assertEquals(2, CollapsedProfile.files(profiles, "shop", "cpu", Instant.parse("2026-12-02T10:03:00Z"),
                Instant.parse("2026-12-02T10:10:00Z")).size());
        List<CollapsedProfile.IntervalFile> last = CollapsedProfile.files(profiles, "shop", "cpu",
                Instant.parse("2026-12-02T10:10:00Z"), Instant.parse("2026-12-02T11:00:00Z"));
        assertEquals(1, last.size());
        assertEquals(Instant.parse("2026-12-02T10:15:00Z"), last.get(0).end());

        assertEquals(4096, CollapsedProfile.read(profiles, "shop", "alloc", Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).total());
        assertEquals(List.of("other", "shop"), CollapsedProfile.groups(profiles));
        assertEquals(CollapsedProfile.empty(), CollapsedProfile.read(profiles, "shop", "lock", Instant.EPOCH, Instant.MAX));
    }

    @Test
    void aMalformedLineNamesItsFileAndLineAndTheOtherFilesCount() throws Exception {
        write("shop", "cpu", "20261202T100000Z--20261202T100500Z", "main;A.a 2\nmain;A.a two\nmain;B.b 1\n");
        write("shop", "cpu", "20261202T100500Z--20261202T101000Z", "main;A.a 5\n");
        CollapsedProfile read = CollapsedProfile.read(profiles, "shop", "cpu", Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
        assertEquals("main;A.a 7\nmain;B.b 1\n", read.write());
        assertEquals(1, read.problems().size());
        String problem = read.problems().get(0);
        assertTrue(problem.contains("20261202T100000Z--20261202T100500Z.collapsed, line 2: the count 'two' is not a positive whole number"),
                problem);
    }

    @Test
    void aGroupNameIsOneFolderAsDataLayoutWritesIt() throws Exception {
        write("%2Fshop%2Fweb", "cpu", "20261202T100000Z--20261202T100500Z", "main;Web.serve 3\n");
        assertEquals(List.of("/shop/web"), CollapsedProfile.groups(profiles));
        assertEquals(3, CollapsedProfile.read(profiles, "/shop/web", "cpu", Instant.EPOCH, Instant.MAX).total());
        assertEquals(profiles.resolve("%2Fshop%2Fweb"), CollapsedProfile.groupFolder(profiles, "/shop/web"));
    }

    @Test
    void aGroupOrKindThatCannotBeAFolderIsRefused() {
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class,
                () -> CollapsedProfile.files(profiles, "../etc", "cpu", Instant.EPOCH, Instant.MAX));
        assertTrue(group.getMessage().contains("'../etc'"), group.getMessage());
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> CollapsedProfile.files(profiles, "shop", "wall", Instant.EPOCH, Instant.MAX));
        assertEquals("kind 'wall' is not one of cpu, alloc, lock", kind.getMessage());
    }

    @Test
    void fileTimesAreUtcBasicIso() {
        assertEquals("20261202T100000Z--20261202T100500Z",
                CollapsedProfile.intervalName(Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-02T10:05:00Z")));
        assertEquals(Instant.parse("2026-12-02T10:00:00Z"), CollapsedProfile.fileTime("20261202T100000Z"));
        assertEquals(null, CollapsedProfile.fileTime("2026-12-02"));
    }
}
