package dev.monitor.console.profiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Profiler files written by hand, as the profiler's contract lays them out under {@code <data-dir>/profiles/shop}:
 * a CPU interval 10:00-10:05 on 2026-12-02 where {@code com.shop.Checkout.formatReceipt} holds 75 of 100 samples
 * (60 of them in {@code String.format}), a baseline interval 06:00-06:05 where it held 20 of 100, an allocation
 * interval, recommendations, two heap summaries and an anomaly; names that would be markup appear in frames, classes
 * and recommendations.
 */
final class ProfileFixture {
    static final String HOT = "com.shop.Checkout.formatReceipt";
    static final String HOSTILE = "<img src=x onerror=\"document.body.dataset.pwned=1\"><script>document.body.dataset.pwned=2</script>";

    private ProfileFixture() {
    }

    static void write(Path dataDir) throws IOException {
        Path shop = dataDir.resolve("profiles").resolve("shop");
        write(shop.resolve("cpu/20261202T100000Z--20261202T100500Z.collapsed"), """
                java.lang.Thread.run;com.shop.Server.handle;com.shop.Checkout.pay;com.shop.Checkout.formatReceipt;java.lang.String.format 60
                java.lang.Thread.run;com.shop.Server.handle;com.shop.Checkout.pay;com.shop.Checkout.formatReceipt 15
                java.lang.Thread.run;com.shop.Server.handle;com.shop.Inventory.reserve 15
                java.lang.Thread.run;%s 10
                """.formatted(HOSTILE));
        write(shop.resolve("cpu/20261202T060000Z--20261202T060500Z.collapsed"), """
                java.lang.Thread.run;com.shop.Server.handle;com.shop.Checkout.pay;com.shop.Checkout.formatReceipt 20
                java.lang.Thread.run;com.shop.Server.handle;com.shop.Inventory.reserve 80
                """);
        write(shop.resolve("alloc/20261202T100000Z--20261202T100500Z.collapsed"), """
                java.lang.Thread.run;com.shop.Checkout.pay;java.util.regex.Pattern.compile 1048576
                java.lang.Thread.run;com.shop.Checkout.pay;java.lang.StringBuilder.<init> 4096
                """);
        write(shop.resolve("recommendations/20261202T100000Z--20261202T100500Z.json"), """
                {"profilingGroup": "shop", "start": "2026-12-02T10:00:00Z", "end": "2026-12-02T10:05:00Z",
                 "recommendations": [
                   {"ruleId": "string-format-in-logging", "name": "Excessive log formatting %s", "kind": "cpu",
                    "share": 0.6, "threshold": 0.05, "estimatedCpuShare": 0.6, "estimatedYearlyCostUsd": 1234.5,
                    "resolution": "Use parameterized log messages instead of String.format",
                    "matchingStacks": [{"stack": "java.lang.Thread.run;com.shop.Checkout.formatReceipt;java.lang.String.format", "count": 60}]},
                   {"ruleId": "pattern-compile", "name": "Pattern compiled per call", "kind": "alloc",
                    "share": 0.99, "threshold": 0.01, "estimatedCpuShare": 0.02, "estimatedYearlyCostUsd": null,
                    "resolution": "Compile the pattern once into a static final field",
                    "matchingStacks": [{"stack": "java.lang.Thread.run;com.shop.Checkout.pay;java.util.regex.Pattern.compile", "count": 1048576}]}
                 ]}
                """.formatted(json(HOSTILE)));
        write(shop.resolve("heap/20261202T100000Z.json"), """
                {"profilingGroup": "shop", "time": "2026-12-02T10:00:00Z",
                 "entries": [{"className": "byte[]", "instances": 1000, "bytes": 2048000, "instancesChange": null, "bytesChange": null}]}
                """);
        write(shop.resolve("heap/20261202T100500Z.json"), """
                {"profilingGroup": "shop", "time": "2026-12-02T10:05:00Z",
                 "entries": [{"className": "byte[]", "instances": 1500, "bytes": 3072000, "instancesChange": 500, "bytesChange": 1024000},
                             {"className": "com.shop.Order%s", "instances": 42, "bytes": 1344, "instancesChange": -8, "bytesChange": -256}]}
                """.formatted(json(HOSTILE)));
        write(shop.resolve("anomalies/20261202T100000Z--20261202T100500Z.json"), """
                {"profilingGroup": "shop", "start": "2026-12-02T10:00:00Z", "end": "2026-12-02T10:05:00Z",
                 "anomalies": [{"function": "java.lang.String.format", "kind": "cpu", "expectedShare": 0.02, "observedShare": 0.6,
                                "start": "2026-12-02T10:00:00Z", "end": "2026-12-02T10:05:00Z"}]}
                """);
    }

    /** {@code text} inside a JSON string. */
    static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
