package dev.monitor.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLayoutManifestTest {
    @TempDir
    Path root;

    @Test
    void withoutAManifestEachSignalHasItsDefaultFolder() {
        DataLayout layout = DataLayout.read(root);
        assertEquals(List.of(root.resolve("metrics")), layout.folders("metrics"));
        assertEquals(List.of(root.resolve("events")), layout.folders("events"), "any signal name");
        assertFalse(Files.exists(layout.manifest()));
    }

    @Test
    void recordedFoldersAreReadBackAfterTheDefaultForAnySignal() throws Exception {
        new DataLayout(root).record("metrics", "custom/emf");
        new DataLayout(root).record("metrics", "./custom/emf/"); // the same folder: recorded once
        new DataLayout(root).record("metrics", "metrics");      // the default: not recorded
        new DataLayout(root).record("events", "bus");
        DataLayout read = DataLayout.read(root);
        assertEquals(List.of(root.resolve("metrics"), root.resolve("custom/emf")), read.folders("metrics"));
        assertEquals(List.of(root.resolve("events"), root.resolve("bus")), read.folders("events"));
        assertEquals(List.of(root.resolve("logs")), read.folders("logs"));
        String manifest = Files.readString(read.manifest());
        assertTrue(manifest.replaceAll("\\s", "").equals("{\"folders\":{\"metrics\":[\"metrics\",\"custom/emf\"],\"events\":[\"events\",\"bus\"]}}"),
                manifest);
        if (Files.getFileStore(root).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(read.manifest())));
        }
        try (var listing = Files.list(root)) {
            assertEquals(List.of(), listing.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "no temporary file left");
        }
    }

    @Test
    void anAbsoluteFolderIsKeptAsWritten() throws Exception {
        Path elsewhere = root.resolveSibling(root.getFileName() + "-elsewhere");
        DataLayout layout = new DataLayout(root).record("metrics", elsewhere.toString());
        assertEquals(List.of(root.resolve("metrics"), elsewhere), layout.folders("metrics"));
        assertEquals(layout.folders("metrics"), DataLayout.read(root).folders("metrics"));
    }

    @Test
    void aDamagedManifestIsNamedNotGuessed() throws Exception {
        Files.writeString(root.resolve("layout.json"), "{\"folders\":{\"metrics\":\"custom\"}}");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> DataLayout.read(root));
        assertEquals(root.resolve("layout.json") + ": folders.metrics must be a list of folders", e.getMessage());
        Files.writeString(root.resolve("layout.json"), "[]");
        e = assertThrows(UncheckedIOException.class, () -> DataLayout.read(root));
        assertEquals(root.resolve("layout.json") + ": not a layout manifest: not a JSON object", e.getMessage());
    }
}
