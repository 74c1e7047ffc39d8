package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.console.ConsoleBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * {@code monitor profiler ...} over profiler files written by hand as the profiler lays them out under
 * {@code <data-dir>/profiles/<group>/}, with the AWS CLI's exit statuses
 * (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html: 252 for a command line that cannot run).
 */
class ProfilerCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOT = "com.shop.Checkout.formatReceipt";

    @TempDir
    Path dir;

    private void write(String path, String text) throws Exception {
        Path file = dir.resolve("profiles/shop").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Two CPU intervals (10:00 and 10:05) where formatReceipt is hot, a 06:00 baseline where it was not, and the JSON files. */
    @BeforeEach
    void writeProfiles() throws Exception {
        write("cpu/20261202T100000Z--20261202T100500Z.collapsed", """
                java.lang.Thread.run;com.shop.Checkout.pay;com.shop.Checkout.formatReceipt;java.lang.String.format 40
                java.lang.Thread.run;com.shop.Inventory.reserve 10
                """);
        write("cpu/20261202T100500Z--20261202T101000Z.collapsed", """
                java.lang.Thread.run;com.shop.Checkout.pay;com.shop.Checkout.formatReceipt;java.lang.String.format 35
                java.lang.Thread.run;com.shop.Inventory.reserve 15
                """);
        write("cpu/20261202T060000Z--20261202T060500Z.collapsed", """
                java.lang.Thread.run;com.shop.Checkout.pay;com.shop.Checkout.formatReceipt;java.lang.String.format 10
                java.lang.Thread.run;com.shop.Inventory.reserve 90
                """);
        write("alloc/20261202T100000Z--20261202T100500Z.collapsed", "java.lang.Thread.run;java.util.regex.Pattern.compile 65536\n");
        write("recommendations/20261202T100000Z--20261202T100500Z.json", """
                {"profilingGroup": "shop", "start": "2026-12-02T10:00:00Z", "end": "2026-12-02T10:05:00Z",
                 "recommendations": [{"ruleId": "string-format-in-logging", "name": "Excessive log formatting", "kind": "cpu",
                   "share": 0.8, "threshold": 0.05, "estimatedCpuShare": 0.8, "estimatedYearlyCostUsd": null,
                   "resolution": "Use parameterized log messages",
                   "matchingStacks": [{"stack": "java.lang.Thread.run;com.shop.Checkout.formatReceipt;java.lang.String.format", "count": 40}]}]}
                """);
        write("heap/20261202T100000Z.json", """
                {"profilingGroup": "shop", "time": "2026-12-02T10:00:00Z",
                 "entries": [{"className": "byte[]", "instances": 10, "bytes": 2048, "instancesChange": null, "bytesChange": null}]}
                """);
        write("heap/20261202T100500Z.json", """
                {"profilingGroup": "shop", "time": "2026-12-02T10:05:00Z",
                 "entries": [{"className": "byte[]", "instances": 15, "bytes": 4096, "instancesChange": 5, "bytesChange": 2048}]}
                """);
    }

    private CliRun run(int status, String... args) {
        CliRun cli = new CliRun();
        int exit = cli.run(args);
        assertEquals(status, exit, String.join(" ", args) + "\n" + cli.out() + cli.err());
        return cli;
    }

    @Test
    void collapsedMergesTheIntervalsOfTheRange() {
        CliRun both = run(0, "profiler", "collapsed", "--data-dir", dir.toString(), "--start-time", "2026-12-02T10:00:00Z",
                "--end-time", "2026-12-02T10:10:00Z");
        assertEquals("java.lang.Thread.run;com.shop.Checkout.pay;com.shop.Checkout.formatReceipt;java.lang.String.format 75\n"
                + "java.lang.Thread.run;com.shop.Inventory.reserve 25\n", both.out());
        assertEquals("", both.err());
        CliRun all = run(0, "profiler", "collapsed", "--data-dir", dir.toString());
        assertTrue(all.out().endsWith("java.lang.Thread.run;com.shop.Inventory.reserve 115\n"), all.out());
        CliRun alloc = run(0, "profiler", "collapsed", "--data-dir", dir.toString(), "--kind", "alloc");
        assertEquals("java.lang.Thread.run;java.util.regex.Pattern.compile 65536\n", alloc.out());
    }

    @Test
    void aMalformedLineIsAWarningNamingFileAndLineAndTheRestIsAnswered() throws Exception {
        write("cpu/20261202T101000Z--20261202T101500Z.collapsed", "java.lang.Thread.run;com.shop.Inventory.reserve 5\nbroken 5x\n");
        CliRun cli = run(0, "profiler", "collapsed", "--data-dir", dir.toString(), "--start-time", "2026-12-02T10:10:00Z");
        assertEquals("java.lang.Thread.run;com.shop.Inventory.reserve 5\n", cli.out());
        assertTrue(cli.err().startsWith("monitor: warning: skipped ") && cli.err().contains(
                "20261202T101000Z--20261202T101500Z.collapsed, line 2: the count '5x' is not a positive whole number"), cli.err());
    }

    @Test
    void recommendationsAndHeapSummaryAnswerJsonAsTheAwsCliPrints() throws Exception {
        CliRun recommendations = run(0, "profiler", "recommendations", "--data-dir", dir.toString());
        assertTrue(recommendations.out().startsWith("{\n    \"profilingGroupName\": \"shop\",\n"), recommendations.out());
        JsonNode answer = JSON.readTree(recommendations.out());
        assertEquals("2026-12-02T10:00:00+00:00", answer.get("profileStartTime").asText());
        JsonNode first = answer.get("recommendations").get(0);
        assertEquals("Excessive log formatting", first.get("name").asText());
        assertTrue(first.get("estimatedYearlyCostUsd").isNull());
        assertEquals(40, first.get("matchingStacks").get(0).get("count").asLong());
        assertEquals("2026-12-02T10:05:00+00:00", first.get("endTime").asText());
        assertEquals(0, JSON.readTree(run(0, "profiler", "recommendations", "--data-dir", dir.toString(),
                "--start-time", "2026-12-02T11:00:00Z").out()).get("recommendations").size(), "none in a later range");

        JsonNode heap = JSON.readTree(run(0, "profiler", "heap-summary", "--data-dir", dir.toString()).out());
        assertEquals("2026-12-02T10:05:00+00:00", heap.get("time").asText(), "the newest");
        assertEquals(2048, heap.get("entries").get(0).get("bytesChange").asLong());
        JsonNode earlier = JSON.readTree(run(0, "profiler", "heap-summary", "--data-dir", dir.toString(),
                "--end-time", "2026-12-02T10:05:00Z").out());
        assertTrue(earlier.get("entries").get(0).get("bytesChange").isNull(), "the first summary has no change");
    }

    @Test
    void badParametersExit252NamingTheValue() throws Exception {
        String data = dir.toString();
        assertTrue(run(252, "profiler", "flamegraph", "--data-dir", data, "--kind", "wall").err()
                .contains("monitor: error: --kind 'wall' is not one of cpu, alloc, lock"));
        assertTrue(run(252, "profiler", "collapsed", "--data-dir", data, "--start-time", "soon").err().contains("--start-time 'soon'"));
        assertTrue(run(252, "profiler", "flamegraph", "--data-dir", data, "--baseline-start-time", "2026-12-02T06:00:00Z").err()
                .contains("give both or neither"));
        assertTrue(run(252, "profiler", "heap-summary", "--data-dir", data, "--group", "nope").err()
                .contains("--group 'nope' has no profiles under " + dir.resolve("profiles").toAbsolutePath().normalize()
                        + "; the groups there: shop"));
        assertTrue(run(252, "profiler", "flamegraph", "--data-dir", data, "--start-time", "2026-12-03T00:00:00Z").err()
                .contains("no cpu stacks of profiling group shop from 2026-12-03T00:00:00+00:00 to now"));
        assertTrue(run(252, "profiler", "recommendations", "--data-dir", dir.resolve("nowhere").toString()).err()
                .contains("does not exist (is --data-dir the monitor's data directory?)"));
        Files.createDirectories(dir.resolve("profiles/billing/cpu"));
        Files.writeString(dir.resolve("profiles/billing/cpu/20261202T100000Z--20261202T100500Z.collapsed"), "main;Bill.run 1\n");
        assertTrue(run(252, "profiler", "collapsed", "--data-dir", data).err().contains("(billing, shop): name one with --group"));
        assertEquals("main;Bill.run 1\n", run(0, "profiler", "collapsed", "--data-dir", data, "--group", "billing").out());
    }

    @Test
    void theReadmesProfilerCommandsRunAsWritten() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("### Flame graphs and the CLI");
        String section = readme.substring(start, readme.indexOf("\n## ", start));
        List<String> commands = section.replace("\\\n", " ").lines()
                .filter(line -> line.startsWith("java -jar monitor-cli/target/monitor.jar ")).toList();
        assertEquals(5, commands.size(), commands.toString());
        for (String command : commands) {
            List<String> args = new java.util.ArrayList<>(ReadmeCommandsTest.words(command.substring("java -jar monitor-cli/target/monitor.jar ".length())));
            args.replaceAll(word -> word.equals("monitor-data") ? dir.toString() : word.endsWith(".html") ? dir.resolve(word).toString() : word);
            int redirect = args.indexOf(">");
            if (redirect >= 0) {
                args.subList(redirect, args.size()).clear();
            }
            CliRun cli = run(0, args.toArray(String[]::new));
            assertEquals("", cli.err(), command);
        }
        assertTrue(Files.readString(dir.resolve("diff.html")).contains("flame-data"));
    }

    @Test
    void theFlameGraphFileRendersInABrowserWithTheHotMethodAndSearch() throws Exception {
        Path page = dir.resolve("out/cpu.html");
        CliRun cli = run(0, "profiler", "flamegraph", "--data-dir", dir.toString(), "--start-time", "2026-12-02T10:00:00Z",
                "--output", page.toString());
        assertEquals("", cli.out() + cli.err(), "written to the file, nothing printed");
        Path diff = dir.resolve("out/diff.html");
        run(0, "profiler", "flamegraph", "--data-dir", dir.toString(), "--start-time", "2026-12-02T10:00:00Z",
                "--baseline-start-time", "2026-12-02T06:00:00Z", "--baseline-end-time", "2026-12-02T06:05:00Z", "--output", diff.toString());
        String printed = run(0, "profiler", "flamegraph", "--data-dir", dir.toString(), "--kind", "alloc").out();
        assertTrue(printed.startsWith("<!DOCTYPE html>") && printed.contains("Pattern.compile"), "without --output, printed");

        try (ConsoleBrowser browser = ConsoleBrowser.open(page.toUri())) {
            browser.driver().get(page.toUri().toString());
            WebElement hot = browser.await(d -> d.findElements(By.cssSelector("svg.flame-graph g.frame")).stream()
                    .filter(g -> HOT.equals(g.getAttribute("data-name"))).findFirst().orElse(null));
            assertTrue(hot.getText().startsWith(HOT), hot.getText());
            assertTrue(browser.find(".subtitle").getText().contains("100 samples"), browser.find(".subtitle").getText());
            browser.find("#flame-search").sendKeys("formatReceipt");
            browser.await(d -> d.findElement(By.id("flame-matched")).getText().startsWith("Matched: 75.00% (75 samples)"));
            browser.screenshot("cli-flamegraph");
            assertEquals(List.of(), browser.errors());

            browser.driver().get(diff.toUri().toString());
            browser.find(".flame-legend");
            Object fill = browser.script("return [...document.querySelectorAll('svg.flame-graph g.frame')]"
                    + ".find(g => g.dataset.name === arguments[0]).querySelector('rect').getAttribute('fill')", HOT);
            assertTrue(fill.toString().startsWith("rgb(255,"), "10% then, 75% now: red, not " + fill);
            assertNull(browser.script("return document.body.dataset.pwned"));
            assertEquals(List.of(), browser.errors());
        }
    }
}
