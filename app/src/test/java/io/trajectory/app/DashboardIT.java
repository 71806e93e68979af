package io.trajectory.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trajectory.api.NotReadyException;
import io.trajectory.config.TrajectoryConfig;
import io.trajectory.producer.cloudevents.MappingResult;
import io.trajectory.state.PersonState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver})
 * against a real in-JVM broker with the demo's sample people: the page loads without a console
 * error, every chart draws, suppressed groups read "suppressed", and the person look-up shows a
 * stage. Then a seeded generated organization is added so that groups pass the privacy threshold
 * (default k = 5) and every chart draws figures; with {@code -Ddashboard.screenshot=docs/dashboard.png}
 * (or {@code DASHBOARD_SCREENSHOT}) that view is saved as a screenshot, relative to the repository root.
 */
@Tag("integration")
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    /** Where {@code ./trajectory test} installs them (Debian's packages), unless the environment says otherwise. */
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("TRAJECTORY_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("TRAJECTORY_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final List<String> CHARTS = List.of("chart-funnel", "chart-velocity", "chart-quarters", "chart-km");
    static final List<String> DEPARTMENTS = List.of("Payments", "Platform", "Search");
    static final int GENERATED_PEOPLE = 90;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    private TrajectoryRuntime runtime;
    private String apiKey;
    private WebDriver browser;

    @BeforeAll
    void start() throws InterruptedException {
        browserMissing(CHROMIUM, CHROMEDRIVER).ifPresent(Assertions::fail);
        TrajectoryConfig config = ItRuntime.config(dataDir, Map.of());
        runtime = TrajectoryRuntime.start(config);
        apiKey = ItRuntime.adminKey(runtime);
        SampleData.load(runtime.mapper(), runtime.producer(), WAIT);
        assertThat(SampleData.awaitVisible(runtime.queries(), WAIT)).as("the sample people are visible").isTrue();
        browser = chromium();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    /** The one-line failure when the browser or its driver is missing: never a skip, and it names the command that installs them. */
    static Optional<String> browserMissing(Path chromium, Path chromedriver) {
        if (Files.isExecutable(chromium) && Files.isExecutable(chromedriver)) {
            return Optional.empty();
        }
        return Optional.of("DashboardIT needs Chromium at " + chromium + " and ChromeDriver at " + chromedriver
                + ": run the tests with ./trajectory test, which installs them (Debian's chromium and chromium-driver) when missing");
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1400,1500", "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private String base() {
        return "http://localhost:" + runtime.httpPort();
    }

    @Test
    @Order(1)
    void shouldDrawEveryChartOfTheDemoPeopleAndShowSuppressedGroupsAsSuppressed() {
        browser.get(base() + "/");
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-key")).as("no key yet: nothing fetched").isEqualTo("none");
        assertThat(state("chart-funnel")).isEqualTo("no-key");
        enterKey();
        awaitCharts();

        for (String chart : CHARTS) {
            assertThat(state(chart)).as(chart + " drew the demo data or its suppressed state").isIn("data", "suppressed");
            assertThat(browser.findElements(By.cssSelector("#" + chart + " canvas"))).as(chart + " has a canvas").isNotEmpty();
            assertThat(paintedPixels(chart)).as(chart + " painted its canvas").isGreaterThan(1000);
        }
        // six people in three departments: every department's stage cell is below k = 5
        assertThat(state("chart-funnel")).isEqualTo("suppressed");
        assertThat(browser.findElement(By.id("note-funnel")).getText()).contains("suppressed: fewer than 5 people");
        assertThat(browser.findElement(By.id("min-group-size")).getText()).isEqualTo("5");
        assertNoConsoleErrors();
    }

    @Test
    @Order(2)
    void shouldShowAPersonsStageTimelineAndNextStepsOnLookUp() {
        WebElement input = browser.findElement(By.id("person-id"));
        input.clear();
        input.sendKeys("cleo");
        browser.findElement(By.id("person-go")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
                "true".equals(d.findElement(By.id("person-result")).getAttribute("data-loaded")));

        assertThat(browser.findElement(By.id("person-stage")).getText()).isEqualTo("ADVANCING");
        WebElement result = browser.findElement(By.id("person-result"));
        assertThat(result.findElements(By.cssSelector("table tr"))).as("header + JUNIOR + ADVANCING").hasSize(3);
        assertThat(result.getText()).contains("Next steps to SENIOR").contains("deliver 2 more programs");
        assertNoConsoleErrors();
    }

    @Test
    @Order(3)
    void shouldDrawFiguresInEveryChartOnceGroupsReachTheThreshold() throws Exception {
        Map<String, String> lastEventIds = loadGeneratedOrganization();
        awaitVisible(lastEventIds);

        browser.get(base() + "/?person=cleo");
        awaitCharts();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
                "true".equals(d.findElement(By.id("person-result")).getAttribute("data-loaded")));

        for (String chart : CHARTS) {
            assertThat(state(chart)).as(chart + " shows figures").isEqualTo("data");
            assertThat(paintedPixels(chart)).as(chart + " painted its canvas").isGreaterThan(1000);
        }
        assertThat(browser.findElement(By.id("person-stage")).getText()).isEqualTo("ADVANCING");
        assertNoConsoleErrors();

        String target = Optional.ofNullable(System.getProperty("dashboard.screenshot"))
                .orElse(System.getenv("DASHBOARD_SCREENSHOT"));
        if (target != null && !target.isBlank()) {
            Path file = LauncherIT.repoRoot().resolve(target);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            assertThat(Files.size(file)).isGreaterThan(10_000);
        }
    }

    // ---- browser helpers ----

    /** Types an admin key into the page's key field (kept in sessionStorage for the rest of the test) and waits for the reload. */
    private void enterKey() {
        WebElement key = browser.findElement(By.id("api-key"));
        key.clear();
        key.sendKeys(apiKey);
        browser.findElement(By.id("key-save")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
                "set".equals(d.findElement(By.tagName("body")).getAttribute("data-key")));
    }

    private void awaitCharts() {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> CHARTS.stream()
                .allMatch(c -> "true".equals(d.findElement(By.id(c)).getAttribute("data-loaded"))));
    }

    private String state(String chart) {
        return browser.findElement(By.id(chart)).getAttribute("data-state");
    }

    /** How many pixels of the chart's canvas are not transparent. */
    private long paintedPixels(String chart) {
        Object n = ((JavascriptExecutor) browser).executeScript(
                "var c = document.querySelector('#' + arguments[0] + ' canvas');"
                        + "if (!c) { return 0; }"
                        + "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
                        + "for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { n++; } }"
                        + "return n;", chart);
        return ((Number) n).longValue();
    }

    private void assertNoConsoleErrors() {
        List<LogEntry> entries = browser.manage().logs().get(LogType.BROWSER).getAll();
        List<String> severe = entries.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString).toList();
        assertThat(severe).as("browser console errors").isEmpty();
    }

    // ---- a seeded generated organization, so that groups pass k = 5 ----

    private Map<String, String> loadGeneratedOrganization() throws Exception {
        Random random = new Random(20240601L);
        Instant latest = Instant.now().minus(2, ChronoUnit.DAYS);
        Instant firstHire = Instant.parse("2019-01-07T09:00:00Z");
        long hireSpanDays = ChronoUnit.DAYS.between(firstHire, Instant.parse("2025-06-30T09:00:00Z"));
        Map<String, String> last = new LinkedHashMap<>();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        int index = 0;
        for (int i = 0; i < GENERATED_PEOPLE; i++) {
            String person = String.format("gen-%03d", i);
            String department = DEPARTMENTS.get(i % DEPARTMENTS.size());
            Instant hired = firstHire.plus(random.nextInt((int) hireSpanDays), ChronoUnit.DAYS);
            List<ObjectNode> events = new ArrayList<>();
            events.add(event(person, events.size(), "interview-passed", hired.minus(20 + random.nextInt(60), ChronoUnit.DAYS),
                    Map.of("role", "Technical Program Manager", "round", 1)));
            events.add(event(person, events.size(), "hired", hired,
                    Map.of("title", "Technical Program Manager I", "department", department)));
            Instant at = hired;
            String[][] ladder = {{"ADVANCING", "Technical Program Manager II"}, {"SENIOR", "Senior Technical Program Manager"}};
            for (String[] step : ladder) {
                Instant promoted = at.plus(300 + random.nextInt(700), ChronoUnit.DAYS);
                if (promoted.isAfter(latest) || random.nextInt(10) < 2) {
                    break;
                }
                events.add(event(person, events.size(), "promotion", promoted, Map.of("toStage", step[0], "title", step[1])));
                at = promoted;
            }
            Instant departed = at.plus(100 + random.nextInt(600), ChronoUnit.DAYS);
            if (random.nextInt(10) < 2 && departed.isBefore(latest)) {
                events.add(event(person, events.size(), "departed", departed, Map.of("reason", "other")));
            }
            for (ObjectNode e : events) {
                MappingResult mapped = runtime.mapper().map(e, index++);
                assertThat(mapped.ok()).as(e + " " + mapped.violations()).isTrue();
                sends.add(runtime.producer().send(mapped.event()));
            }
            last.put(person, events.get(events.size() - 1).get("id").asText());
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return last;
    }

    private static ObjectNode event(String person, int n, String type, Instant time, Map<String, Object> data) {
        ObjectNode e = JSON.createObjectNode();
        e.put("specversion", "1.0");
        e.put("id", person + "-" + n);
        e.put("source", "hr/dashboard-it");
        e.put("type", "trajectory." + type);
        e.put("subject", person);
        e.put("time", time.toString());
        e.set("data", JSON.valueToTree(data));
        return e;
    }

    private void awaitVisible(Map<String, String> lastEventIds) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (lastEventIds.entrySet().stream().allMatch(e -> seen(e.getKey(), e.getValue()))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("the generated people were not all visible within " + WAIT);
    }

    private boolean seen(String personId, String eventId) {
        try {
            Optional<PersonState> state = runtime.queries().person(personId);
            return state.isPresent() && eventId.equals(state.get().getLastEventId());
        } catch (NotReadyException e) {
            return false;
        }
    }
}
