package dev.monitor.console.profiler;

import static dev.monitor.console.profiler.ProfileFixture.HOSTILE;
import static dev.monitor.console.profiler.ProfileFixture.HOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monitor.console.ConsoleBrowser;
import dev.monitor.core.profiler.CollapsedProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The standalone flame graph file: one HTML file that renders from a file:// address with nothing else. */
class FlameGraphPageTest {
    @TempDir
    Path dir;

    private CollapsedProfile cpu(String interval) throws Exception {
        ProfileFixture.write(dir);
        return CollapsedProfile.read(dir.resolve("profiles/shop/cpu/" + interval + ".collapsed"));
    }

    @Test
    void theFileIsSelfContainedAndItsTextEscaped() throws Exception {
        String html = FlameGraphPage.html("CPU " + HOSTILE, "shop", "cpu", cpu("20261202T100000Z--20261202T100500Z"));
        assertFalse(html.contains("src=\"/") || html.contains("src=\"http") || html.contains("href=\"http"), "nothing to fetch");
        assertTrue(html.contains("<title>CPU &lt;img src=x onerror=&quot;"), "the title as text");
        assertEquals(2, html.split("</script>", -1).length - 1, "two script blocks end; the data's '</script>' is escaped");
        assertTrue(html.contains("\\u003cscript>document.body.dataset.pwned=2\\u003c/script>"));
    }

    @Test
    void theTreeSumsSharedPrefixesAndTheBaselineFollowsTheNewerPaths() {
        CollapsedProfile target = CollapsedProfile.parse("a;b 3\na;c 1\n");
        CollapsedProfile baseline = CollapsedProfile.parse("a;b 1\na;d 9\n");
        FlameGraphPage.Node root = FlameGraphPage.tree(target, baseline);
        assertEquals(new FlameGraphPage.Node("all", 4, 10, List.of(new FlameGraphPage.Node("a", 4, 10, List.of(
                new FlameGraphPage.Node("b", 3, 1, List.of()), new FlameGraphPage.Node("c", 1, 0, List.of()))))), root);
    }

    @Test
    void theFileRendersFromAFileAddressAndSearchAndZoomWork() throws Exception {
        Path file = dir.resolve("cpu.html");
        Files.writeString(file, FlameGraphPage.html("CPU of shop", "2026-12-02 10:00 to 10:05", "cpu", cpu("20261202T100000Z--20261202T100500Z")));
        Path diff = dir.resolve("diff.html");
        Files.writeString(diff, FlameGraphPage.differentialHtml("CPU of shop, 06:00 against 10:00", "", "cpu",
                cpu("20261202T060000Z--20261202T060500Z"), cpu("20261202T100000Z--20261202T100500Z")));
        try (ConsoleBrowser browser = ConsoleBrowser.open(file.toUri())) {
            browser.driver().get(file.toUri().toString());
            WebElement hot = browser.await(d -> d.findElements(By.cssSelector("svg.flame-graph g.frame")).stream()
                    .filter(g -> HOT.equals(g.getAttribute("data-name"))).findFirst().orElse(null));
            assertTrue(hot.findElement(By.tagName("text")).getText().startsWith("com.shop.Checkout.formatReceipt"), hot.getText());
            browser.find("#flame-search").sendKeys("String\\.format");
            browser.await(d -> d.findElement(By.id("flame-matched")).getText().startsWith("Matched: 60.00% (60 samples)"));
            frame(browser, HOT).click(); // the search redrew the graph
            browser.await(d -> !d.findElements(By.cssSelector("svg.flame-graph g.frame.faded")).isEmpty());
            assertTrue(browser.find("#flame-details").getText().startsWith(HOT + ": 75 samples, 75.00%"), browser.find("#flame-details").getText());
            assertNull(browser.script("return document.body.dataset.pwned"));
            browser.screenshot("flamegraph-standalone");
            assertEquals(List.of(), browser.errors());

            browser.driver().get(diff.toUri().toString());
            browser.find(".flame-legend");
            Object fill = browser.script("return [...document.querySelectorAll('svg.flame-graph g.frame')]"
                    + ".find(g => g.dataset.name === arguments[0]).querySelector('rect').getAttribute('fill')", HOT);
            assertTrue(fill.toString().startsWith("rgb(255,"), "grew: red, not " + fill);
            browser.screenshot("flamegraph-differential-standalone");
            assertEquals(List.of(), browser.errors());
        }
    }

    @Test
    void unitsByKind() {
        assertEquals("bytes", FlameGraphPage.unit("alloc"));
        assertEquals("ns blocked", FlameGraphPage.unit("lock"));
        assertEquals(Instant.parse("2026-12-02T10:00:00Z"), CollapsedProfile.fileTime("20261202T100000Z"));
    }

    /** The frame named {@code name} as drawn now (each search or zoom redraws the graph). */
    static WebElement frame(ConsoleBrowser browser, String name) {
        return browser.await(d -> d.findElements(By.cssSelector("svg.flame-graph g.frame")).stream()
                .filter(g -> name.equals(g.getAttribute("data-name"))).findFirst().orElse(null));
    }
}
