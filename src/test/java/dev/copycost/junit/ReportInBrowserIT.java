package dev.copycost.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qameta.allure.Epic;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens the generated findings report in headless Chromium, as a reader would, and checks that its
 * first screen shows the findings summary, that the Findings tests show the results table, the
 * charts and the conclusions, and that every test of the build is in the report beside it;
 * screenshots go to target/copycost/screenshots. Runs in its own Failsafe execution, after the report is generated.
 * Without Chromium (or without a report, when Node.js is missing) it is skipped, except in CI
 * (CI=true), where a skipped browser check would hide a broken report.
 */
@Epic("Findings")
@DisplayName("Findings report in a browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportInBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path REPORT = Path.of("target", "allure-report");
    private static final Path SHOTS = Path.of(System.getProperty("copycost.output.dir", "target/copycost"), "screenshots");
    private static final List<String> STRATEGIES = List.of("send", "copy-send", "sendmsg", "zerocopy", "nio-gather");
    private static final By DESCRIPTION = By.cssSelector("[data-testid=test-result-description-frame]");
    private static final By MARKDOWN = By.cssSelector("[data-testid=markdown-attachment-preview] iframe");
    private static final String CELLS = "return Array.from(document.querySelectorAll('td')).map(td => td.textContent.trim());";
    private static final By TEST_TITLE = By.cssSelector("[data-testid=test-result-info-title]");
    private static final By SUITES = By.cssSelector("[data-testid=tree-section-title]");
    /**
     * In the description's frame: the "Summary" heading, the top of its first bullet (in the frame's
     * coordinates) and that bullet's text; null until the heading and a bullet are rendered.
     */
    private static final String SUMMARY = "const h = Array.from(document.querySelectorAll('h2'))"
            + ".find(e => e.textContent.trim() === 'Summary');"
            + "const li = h && h.nextElementSibling && h.nextElementSibling.querySelector('li');"
            + "return li ? [li.getBoundingClientRect().top, li.textContent.trim()] : null;";
    private static final String LOADED_IMAGES =
            "return Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0);";

    private static StaticSite site;
    private static ChromeDriver driver;
    private static WebDriverWait wait;
    /**
     * The first element after loading a report page: each is one HTML file of 20-24 MB that the
     * browser parses before anything shows, which took over 30 s once on this 2-core VM under load.
     */
    private static WebDriverWait rendered;

    @BeforeAll
    static void openBrowser(@TempDir Path profile) throws IOException {
        requireOrSkip(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        requireOrSkip(Files.isRegularFile(REPORT.resolve("index.html")),
                "no report at " + REPORT + "/index.html (without Node.js perf-scripts/allure-report.sh makes none)");
        site = StaticSite.serve(REPORT);
        // Explicit driver and browser paths: Selenium Manager then has nothing to look up or download.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log")).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1600,1200");
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        rendered = new WebDriverWait(driver, Duration.ofSeconds(120));
        // Emptied first, so no screenshot of an earlier run passes for one of this run.
        Files.createDirectories(SHOTS);
        try (Stream<Path> old = Files.list(SHOTS)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
        if (site != null) {
            site.close();
        }
    }

    /**
     * The first thing a reader sees, before any click or scroll: the test holding the conclusions,
     * its summary opening with the decided claims per size, and beside it a tree of the findings'
     * suites only (the unit tests are in the other report).
     */
    @Test
    @Order(1)
    @DisplayName("The report opens on the findings summary, before any click")
    void opensOnTheSummary() throws IOException {
        driver.get(site.uri("index.html").toString());
        rendered.until(ExpectedConditions.textToBePresentInElementLocated(TEST_TITLE, "Conclusions"));
        WebElement frame = wait.until(ExpectedConditions.visibilityOfElementLocated(DESCRIPTION));
        List<?> summary = inFrame(DESCRIPTION, d -> (List<?>) ((JavascriptExecutor) d).executeScript(SUMMARY));
        shoot("first-screen");
        assertThat((String) summary.get(1)).as("the summary's first bullet").startsWith("Decided, at each message size");
        double frameTop = ((Number) ((JavascriptExecutor) driver)
                .executeScript("return arguments[0].getBoundingClientRect().top;", frame)).doubleValue();
        double screen = ((Number) ((JavascriptExecutor) driver).executeScript("return window.innerHeight;")).doubleValue();
        assertThat(frameTop + ((Number) summary.get(0)).doubleValue()).as("top of the summary's first bullet, in "
                + "pixels from the top of the window").isBetween(0.0, screen);
        List<String> suites = wait.until(d -> nonEmpty(d.findElements(SUITES).stream().map(WebElement::getText).toList()));
        assertThat(suites).as("suites beside the summary").contains("Findings", "Experiment matrix")
                .isSubsetOf("Findings", "Experiment matrix", "Calibration: copycost against the C twin and iperf3");
    }

    @Test
    @Order(2)
    @DisplayName("The report opens with its name, environment and categories")
    void reportOpens() throws IOException {
        driver.get(site.uri("index.html").toString());
        rendered.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=report-title]"),
                "copycost"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=metadata-list]")));
        shoot("overview");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=nav-tab-categories]"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=tree-section-title]")));
        shoot("categories");
    }

    @Test
    @Order(3)
    @DisplayName("The Results table test shows the table")
    void resultsTableIsShown() throws IOException {
        openTest("Results table");
        List<String> described = inFrame(DESCRIPTION, d -> nonEmpty(cells(d)));
        assertThat(described).as("cells of the table in the description").containsAnyElementsOf(STRATEGIES);
        shoot("results-table");
        expandAttachment("Results table (CSV)");
        WebElement csv = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=table-attachment-content] table")));
        assertThat(cells(csv)).as("cells of the CSV table").containsAnyElementsOf(STRATEGIES);
        scrollTo(csv);
        shoot("results-table-csv");
    }

    @Test
    @Order(4)
    @DisplayName("The Charts test shows the plots")
    void chartsAreShown() throws IOException {
        openTest("Charts");
        List<WebElement> inline = inFrame(DESCRIPTION, d -> nonEmpty(loadedImages(d)));
        shoot("charts-test");
        By pngHeaders = By.xpath("//*[@data-testid='test-result-attachment-header'][.//span[normalize-space()='image/png']]/button");
        List<WebElement> headers = wait.until(ExpectedConditions.presenceOfAllElementsLocatedBy(pngHeaders));
        assertThat(inline).as("charts in the description, decoded").hasSameSizeAs(headers);
        headers.forEach(WebElement::click);
        // Decoded (complete, with a real width), not merely an <img> element in the page.
        List<WebElement> images = wait.until(d -> {
            List<WebElement> loaded = loadedImages(d).stream().filter(i -> width(i) >= 300).toList();
            return loaded.size() >= headers.size() ? loaded : null;
        });
        scrollTo(images.get(0));
        shoot("charts-attachments");
        for (int i = 0; i < images.size(); i++) {
            scrollTo(images.get(i));
            Files.write(SHOTS.resolve("chart-" + (i + 1) + ".png"), images.get(i).getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    @Order(5)
    @DisplayName("The Conclusions test shows the findings text")
    void conclusionsAreShown() throws IOException {
        openTest("Conclusions");
        String text = inFrame(DESCRIPTION, d -> nonBlank(d.findElement(By.tagName("body")).getText()));
        assertThat(text).as("findings in the description").containsAnyOf(STRATEGIES.toArray(String[]::new));
        shoot("conclusions");
        expandAttachment("Findings (all sections)");
        String attachment = inFrame(MARKDOWN, d -> nonBlank(d.findElement(By.tagName("body")).getText()));
        assertThat(attachment).as("the findings attachment, rendered").isNotBlank();
    }

    @Test
    @Order(6)
    @DisplayName("Every test of the build is in the report beside it")
    void allTestsBesideIt() throws IOException {
        requireOrSkip(Files.isRegularFile(REPORT.resolve("all-tests/index.html")), "no report of all tests at "
                + REPORT + "/all-tests/index.html");
        driver.get(site.uri("all-tests/index.html").toString());
        // The report remembers the tab last shown, in this origin's storage: show the tree.
        rendered.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=nav-tab-results]"))).click();
        List<String> suites = wait.until(d -> nonEmpty(d.findElements(SUITES).stream().map(WebElement::getText).toList()));
        shoot("all-tests");
        assertThat(suites).as("suites of the report of all tests").contains("Findings", "Experiment matrix")
                .anySatisfy(s -> assertThat(s).as("a unit test class").endsWith("Test"));
    }

    /** Opens a test of the Findings suite from the report's tree, unfolding the suite if it is folded. */
    private static void openTest(String name) {
        driver.get(site.uri("index.html").toString());
        // The report also remembers the tab last shown (Categories, after the first test).
        rendered.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=nav-tab-results]"))).click();
        By suite = By.xpath("//*[@data-testid='tree-section'][./*[@data-testid='tree-section-title'][normalize-space()='Findings']]");
        WebElement section = wait.until(ExpectedConditions.elementToBeClickable(suite));
        // The report remembers folded sections across page loads: click only a folded one, or it would fold it.
        if (section.findElements(By.xpath("./*[@data-testid='tree-arrow']//*[contains(@class,'arrow-button-icon--opened')]")).isEmpty()) {
            section.click();
        }
        By leaf = By.xpath("//*[@data-testid='tree-leaf-title'][normalize-space()='" + name + "']");
        wait.until(ExpectedConditions.elementToBeClickable(leaf)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(TEST_TITLE, name));
    }

    /** Attachments are folded in the report; a reader clicks one open, and so does this. */
    private static void expandAttachment(String name) {
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//*[@data-testid='test-result-attachment-header']/button[.//span[normalize-space()='" + name + "']]"))).click();
    }

    /**
     * The report renders descriptions and Markdown into iframes: waits inside the frame until
     * {@code until} gives a non-null value, then returns to the page.
     */
    private static <T> T inFrame(By frame, Function<WebDriver, T> until) {
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(frame));
        try {
            return wait.until(until::apply);
        } finally {
            driver.switchTo().defaultContent();
        }
    }

    /** All cell texts in one script call, not a WebDriver round trip per cell (a full matrix has thousands). */
    @SuppressWarnings("unchecked")
    private static List<String> cells(SearchContext scope) {
        JavascriptExecutor js = driver;
        return scope instanceof WebElement e
                ? (List<String>) js.executeScript(CELLS.replace("document", "arguments[0]"), e)
                : (List<String>) js.executeScript(CELLS);
    }

    @SuppressWarnings("unchecked")
    private static List<WebElement> loadedImages(WebDriver d) {
        return (List<WebElement>) ((JavascriptExecutor) d).executeScript(LOADED_IMAGES);
    }

    private static long width(WebElement image) {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return arguments[0].naturalWidth;", image)).longValue();
    }

    private static <T> List<T> nonEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void scrollTo(WebElement e) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'});", e);
    }

    private static void shoot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    private static void requireOrSkip(boolean condition, String reason) {
        if (!condition && "true".equals(System.getenv("CI"))) {
            fail(reason + " — in CI the browser check must run, not be skipped");
        }
        assumeTrue(condition, reason);
    }
}
