package dev.monitor.console;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven by Selenium, for the console's browser tests: Debian's
 * {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs (on CI a missing
 * browser fails the test; elsewhere it is skipped with a message). Screenshots go to
 * {@code target/screenshots/}, kept as test artifacts.
 */
public final class ConsoleBrowser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final WebDriver driver;
    private final URI base;

    private ConsoleBrowser(WebDriver driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    /** A browser for the console at {@code base}; skips the test where no Chromium is installed, outside CI. */
    public static ConsoleBrowser open(URI base) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("CI must have Chromium and its driver: .ci/run installs chromium and chromium-driver");
            }
            Assumptions.abort("Chromium or chromedriver is not installed here (apt-get install chromium chromium-driver)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The flags this machine's closed network needs: no background connections, no first-run work.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("chromium"));
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new ConsoleBrowser(new ChromeDriver(service, options), base);
    }

    /** Opens {@code hash} (such as {@code #/metrics}) of the console. */
    public ConsoleBrowser go(String hash) {
        driver.get(base.resolve("/" + hash).toString());
        return this;
    }

    /** Waits up to 30 s until {@code condition} holds (returns non-null, non-false) and returns its value. */
    public <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition::apply);
    }

    /**
     * Waits until page {@code pageId} has rendered and no API request of the console is under way
     * at two polls in a row (half a second apart): what the page asked for is drawn, and a request
     * one answer starts is not missed between two answers.
     */
    public ConsoleBrowser settled(String pageId) {
        int[] quietPolls = {0};
        await(d -> {
            boolean rendered = !d.findElements(By.cssSelector("section[data-page='" + pageId + "'][data-rendered]")).isEmpty();
            boolean quiet = "0".equals(script("return document.documentElement.dataset.pending || '0'"));
            quietPolls[0] = rendered && quiet ? quietPolls[0] + 1 : 0;
            return quietPolls[0] >= 2;
        });
        return this;
    }

    /** Waits for an element matching {@code css} and returns it. */
    public WebElement find(String css) {
        return await(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Saves a screenshot of the page as {@code target/screenshots/NAME.png}. */
    public Path screenshot(String name) throws IOException {
        Path file = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** The browser console's errors (a page that threw), as text. */
    public List<String> errors() {
        return driver.manage().logs().get("browser").getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(Object::toString).toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
