package dev.monitor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheLimitIsRefusedByItsSizeNamingFileSizeAndLimit() throws IOException {
        Path file = dir.resolve("monitor.yaml");
        Files.writeString(file, "namespace: \"");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(2L * 1024 * 1024 * 1024); // one 2 GiB scalar, never read
        }
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.read(file));
        assertEquals(List.of("(file): is 2147483648 bytes, more than the limit of 67108864 bytes (64 MiB) for a "
                + "configuration file; nothing of it was read"), e.problems());
        assertEquals("invalid configuration in " + file + ":\n  " + e.problems().get(0), e.getMessage());
    }

    @Test
    void aDocumentLargerThanSnakeYamlsDefaultThreeMegabytesIsReadUpToTheLimit() throws IOException {
        Path file = dir.resolve("big.yaml");
        StringBuilder yaml = new StringBuilder("alarms:\n");
        for (int i = 0; yaml.length() < 8_000_000; i++) {
            yaml.append("  - {AlarmName: a").append(i).append(", Namespace: Shop, MetricName: Latency}\n");
        }
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        assertEquals("a0", ConfigFiles.read(file).get("alarms").get(0).get("AlarmName").asText());
    }

    @Test
    void aHugeScalarWithinTheLimitIsRead() throws IOException {
        Path file = dir.resolve("scalar.yaml");
        Files.writeString(file, "description: " + "x".repeat(10_000_000) + "\n");
        assertEquals(10_000_000, ConfigFiles.read(file).get("description").asText().length());
    }
}
