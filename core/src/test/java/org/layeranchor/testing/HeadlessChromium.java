package org.layeranchor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven through the DevTools protocol over the JDK's WebSocket client: enough to
 * open a page, wait for a condition, read values and take a screenshot, with no driver to install.
 * Each instance has its own fresh profile folder, removed on {@link #close()}.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    /** The browser: {@code -Dlayeranchor.chromium=PATH}, else {@code /usr/bin/chromium}. */
    public static Path binary() {
        return Path.of(System.getProperty("layeranchor.chromium", "/usr/bin/chromium"));
    }

    public static boolean available() {
        return Files.isExecutable(binary());
    }

    /**
     * Whether a missing browser must fail a test rather than skip it: always under CI ({@code CI=true},
     * where {@code .ci/run} installs Chromium first), or when {@code -Dlayeranchor.requireChromium=true}.
     */
    public static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("layeranchor.requireChromium");
    }

    /** Why there is no browser, and how to get one. */
    public static String missingMessage() {
        return "Chromium not found at " + binary() + " (install it with: apt-get install -y chromium, "
                + "or point -Dlayeranchor.chromium=PATH at it)";
    }

    /**
     * Starts Chromium on {@code url} with a window of the given size; {@code fakeMicrophone} gives
     * the page a synthetic microphone (a beeping tone) and grants it without asking.
     */
    public static HeadlessChromium open(String url, int width, int height, boolean fakeMicrophone) throws IOException {
        return new HeadlessChromium(url, width, height, fakeMicrophone);
    }

    private HeadlessChromium(String url, int width, int height, boolean fakeMicrophone) throws IOException {
        profile = Files.createTempDirectory("layeranchor-chromium-");
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--window-size=" + width + "," + height));
        if (fakeMicrophone) {
            cmd.add("--use-fake-device-for-media-stream");
            cmd.add("--use-fake-ui-for-media-stream");
        }
        cmd.add("about:blank");
        process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String browserWs = devToolsAddress();
            URI ws = URI.create(browserWs);
            String page = pageSocket(ws);
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(page), new Listener()).get(20, TimeUnit.SECONDS);
            call("Page.enable", JSON.createObjectNode());
            call("Page.navigate", JSON.createObjectNode().put("url", url));
            // Page.navigate answers before the new document exists: wait for it to be the one evaluated.
            awaitTrue("location.href !== 'about:blank' && document.readyState === 'complete'", Duration.ofSeconds(30));
        } catch (Exception e) {
            close();
            throw new IOException("could not drive Chromium: " + e + "; its log: " + String.join("\n", log), e);
        }
    }

    /** Reads stderr until Chromium prints its DevTools address, keeping the rest for error messages. */
    private String devToolsAddress() throws Exception {
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        address.complete(m.group(1));
                    } else if (log.size() < 200) {
                        log.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            address.completeExceptionally(new IOException("Chromium ended without a DevTools address"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return address.get(30, TimeUnit.SECONDS);
    }

    /** The WebSocket of the first page target, from the DevTools HTTP endpoint's target list. */
    private static String pageSocket(URI browserWs) throws Exception {
        URI list = URI.create("http://" + browserWs.getHost() + ":" + browserWs.getPort() + "/json/list");
        HttpClient http = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 50; attempt++) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(list).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    return t.get("webSocketDebuggerUrl").asText();
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("Chromium has no page target");
    }

    /** One DevTools command; its result, or an exception carrying the protocol's error. */
    public JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        return result.get(60, TimeUnit.SECONDS);
    }

    /** Evaluates a JavaScript expression in the page (promises awaited) and returns its JSON value. */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Polls a JavaScript expression until it is true; fails after {@code timeout}. */
    public void awaitTrue(String expression, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        // An expression that throws (an element not there yet) counts as false.
        String guarded = "(() => { try { return Boolean(" + expression + "); } catch (e) { return false; } })()";
        while (!evaluate(guarded).asBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the page never satisfied " + expression + " within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits for the next DevTools event named {@code method} (events of other names are dropped) and
     * returns its parameters.
     */
    public JsonNode awaitEvent(String method, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = end - System.nanoTime()) {
            JsonNode event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && method.equals(event.path("method").asText())) {
                return event.path("params");
            }
        }
        throw new AssertionError("no " + method + " event within " + timeout);
    }

    /** The centre of the first element matching a CSS selector, in window coordinates. */
    public double[] centreOf(String selector) throws Exception {
        JsonNode box = evaluate("(() => { const r = document.querySelector(" + JSON.writeValueAsString(selector)
                + ").getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()");
        return new double[] {box.get(0).asDouble(), box.get(1).asDouble()};
    }

    /** A left click at the centre of an element, as the mouse would give it (a user gesture for the page). */
    public void click(String selector) throws Exception {
        double[] at = centreOf(selector);
        for (String type : List.of("mousePressed", "mouseReleased")) {
            call("Input.dispatchMouseEvent", JSON.createObjectNode().put("type", type).put("x", at[0]).put("y", at[1])
                    .put("button", "left").put("clickCount", 1));
        }
    }

    /**
     * Clicks an element that opens a file chooser and answers the chooser with {@code file}, as a
     * person picking it in the dialog would.
     */
    public void chooseFile(String selector, Path file) throws Exception {
        call("Page.setInterceptFileChooserDialog", JSON.createObjectNode().put("enabled", true));
        click(selector);
        JsonNode opened = awaitEvent("Page.fileChooserOpened", Duration.ofSeconds(10));
        ObjectNode params = JSON.createObjectNode().put("backendNodeId", opened.get("backendNodeId").asInt());
        params.putArray("files").add(file.toAbsolutePath().toString());
        call("DOM.setFileInputFiles", params);
    }

    /** Drags {@code file} from outside the page over an element and drops it there. */
    public void dropFile(String selector, Path file) throws Exception {
        double[] at = centreOf(selector);
        for (String type : List.of("dragEnter", "dragOver", "drop")) {
            ObjectNode params = JSON.createObjectNode().put("type", type).put("x", at[0]).put("y", at[1]);
            ObjectNode data = params.putObject("data");
            data.putArray("items");
            data.putArray("files").add(file.toAbsolutePath().toString());
            data.put("dragOperationsMask", 1); // copy
            call("Input.dispatchDragEvent", params);
        }
    }

    /** A PNG of the window. */
    public byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(call("Page.captureScreenshot",
                JSON.createObjectNode().put("format", "png")).get("data").asText());
    }

    /**
     * Stops the browser and every process it started, then removes the profile. Chromium's helpers
     * (renderer, GPU, network service, zygotes) outlive the main process by a moment and keep
     * writing to the profile (e.g. {@code Network Persistent State}); walking it then failed with
     * {@code NoSuchFileException} in 2 of 4 runs on a busy machine. So the whole tree is waited for
     * (the helpers are listed before the main process ends, as they are re-parented after), and the
     * removal tolerates files that vanish or appear.
     */
    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        try {
            process.destroy(); // Chromium ends its own helpers when asked politely
            for (ProcessHandle p : tree) {
                awaitExit(p);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (!FolderRemoval.deleteTree(profile, 10, 200)) {
                System.err.println("HeadlessChromium: could not remove " + profile + " (left behind)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to 5 s for a process to end, then kills it and waits up to 5 s more. */
    private static void awaitExit(ProcessHandle p) throws InterruptedException {
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException stillRunning) {
            p.destroyForcibly();
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                System.err.println("HeadlessChromium: process " + p.pid() + " did not end");
            }
        }
    }

    /** Collects each message (which may arrive in parts) and completes the command it answers. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(text.toString());
                    if (msg.has("method")) {
                        events.add(msg);
                    } else if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            if (msg.has("error")) {
                                f.completeExceptionally(new IOException("DevTools error: " + msg.get("error")));
                            } else {
                                f.complete(msg.get("result"));
                            }
                        }
                    }
                } catch (IOException e) {
                    log.add("unreadable DevTools message: " + e.getMessage());
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
