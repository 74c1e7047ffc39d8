package dev.monitor.console.profiler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.profiler.CollapsedProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A flame graph as one self-contained HTML file: the renderer ({@code static/flamegraph.js}, the one the console's
 * profiler page imports), its styles and the profile inlined, nothing fetched, so it opens from a file or an e-mail
 * and works offline. Searchable (highlights the matching frames and shows their share) and zoomable (click a frame;
 * "Reset zoom"). A differential graph compares two profiles as Brendan Gregg's red/blue differential flame graphs do.
 *
 * <p>The renderer is Monitor's own (about 200 lines of plain JavaScript drawing SVG) rather than d3-flame-graph,
 * which would bring d3 (several hundred KB) into every file and into the console for one kind of chart.
 */
public final class FlameGraphPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATIC = "/dev/monitor/console/static/";
    /** Frames below this share of the total are left out of the tree: narrower than a pixel even zoomed in far. */
    private static final double MIN_SHARE = 1e-5;

    private FlameGraphPage() {
    }

    /** The unit of a kind's counts: samples (cpu), bytes (alloc), nanoseconds blocked (lock). */
    public static String unit(String kind) {
        return switch (kind) {
            case "alloc" -> "bytes";
            case "lock" -> "ns blocked";
            default -> "samples";
        };
    }

    /** The page of one profile. */
    public static String html(String title, String subtitle, String kind, CollapsedProfile stacks) {
        return page(title, subtitle, data(kind, stacks, null));
    }

    /** The differential page: widths from {@code target}, red where a frame's share grew over {@code baseline}, blue where it shrank. */
    public static String differentialHtml(String title, String subtitle, String kind, CollapsedProfile baseline, CollapsedProfile target) {
        return page(title, subtitle, data(kind, target, baseline));
    }

    /** One frame of the tree the renderer draws: name, count (newer profile), the baseline's count, children by name. */
    record Node(String n, long v, long b, List<Node> c) {
    }

    /** What the renderer draws: the tree of {@code target}'s stacks (and {@code baseline}'s counts when it is given). */
    static Map<String, Object> data(String kind, CollapsedProfile target, CollapsedProfile baseline) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", kind);
        data.put("unit", unit(kind));
        data.put("differential", baseline != null);
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("target", target.total());
        if (baseline != null) {
            totals.put("baseline", baseline.total());
        }
        data.put("totals", totals);
        data.put("root", tree(target, baseline));
        return data;
    }

    /** The stacks as a tree under a root named "all", children sorted by name, as flamegraph.pl draws them. */
    static Node tree(CollapsedProfile target, CollapsedProfile baseline) {
        Builder root = new Builder("all");
        for (CollapsedProfile.Stack stack : target.stacks()) {
            Builder node = root;
            node.value += stack.count();
            for (String frame : stack.frames()) {
                node = node.children.computeIfAbsent(frame, Builder::new);
                node.value += stack.count();
            }
        }
        if (baseline != null) {
            for (CollapsedProfile.Stack stack : baseline.stacks()) {
                Builder node = root;
                node.baseline += stack.count();
                for (String frame : stack.frames()) {
                    node = node.children.get(frame);
                    if (node == null) {
                        break; // not in the newer profile: no width to draw it with
                    }
                    node.baseline += stack.count();
                }
            }
        }
        return root.build((long) Math.ceil(root.value * MIN_SHARE));
    }

    private static final class Builder {
        final String name;
        final Map<String, Builder> children = new TreeMap<>();
        long value;
        long baseline;

        Builder(String name) {
            this.name = name;
        }

        Node build(long minimum) {
            List<Node> built = new ArrayList<>();
            for (Builder child : children.values()) {
                if (child.value >= minimum) {
                    built.add(child.build(minimum));
                }
            }
            return new Node(name, value, baseline, built);
        }
    }

    private static String page(String title, String subtitle, Map<String, Object> data) {
        String script = resource("flamegraph.js");
        String json;
        try {
            // '<' as \u003c: no "</script>" in a frame name can end the data block
            json = JSON.writeValueAsString(data).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the flame graph's data could not be written as JSON", e);
        }
        if (script.contains("</script")) {
            throw new IllegalStateException("flamegraph.js holds '</script' and cannot be inlined");
        }
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title) + "</title>\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<style>\nbody { margin: 16px; font: 14px/1.4 system-ui, sans-serif; color: #16191f; }\n"
                + "h1 { font-size: 18px; margin: 0 0 4px; } .subtitle { color: #5f6b7a; margin: 0 0 10px; }\n"
                + resource("flamegraph.css") + "</style>\n</head>\n<body>\n"
                + "<h1>" + escape(title) + "</h1>\n<p class=\"subtitle\">" + escape(subtitle) + "</p>\n"
                + "<div id=\"flame\"></div>\n"
                + "<script type=\"application/json\" id=\"flame-data\">" + json + "</script>\n"
                + "<script type=\"module\">\n" + script
                + "\nflameGraph(document.getElementById('flame'), JSON.parse(document.getElementById('flame-data').textContent));\n"
                + "</script>\n</body>\n</html>\n";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String resource(String name) {
        try (InputStream in = FlameGraphPage.class.getResourceAsStream(STATIC + name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from its jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the console's " + name + " could not be read", e);
        }
    }
}
