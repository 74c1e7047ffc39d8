package dev.monitor.console.profiler;

import dev.monitor.console.ApiException;
import dev.monitor.console.ApiRequest;
import dev.monitor.console.ConsoleApi;
import dev.monitor.console.ConsolePage;
import dev.monitor.core.Monitor;
import dev.monitor.core.profiler.CollapsedProfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiler: the profiles the monitor's profiler wrote under {@code <data-dir>/profiles}, as CodeGuru Profiler's
 * console shows them: a flame graph of a group's CPU, allocation or lock profile over the console's range (or
 * what changed against the range before it), the recommendations with their matching stacks, the latest heap
 * summary with its changes, and the anomalies. It only reads the files.
 *
 * <ul>
 *   <li>{@code GET /api/profiler/groups}: the profiling groups and the kinds each has profiles of;</li>
 *   <li>{@code GET /api/profiler/flamegraph?group=G&kind=cpu&start=..&end=..[&compare=previous]}: the merged
 *       profile as the flame graph's tree (with the previous range's counts for {@code compare=previous});</li>
 *   <li>{@code GET /api/profiler/recommendations?group=G&start=..&end=..}: the recommendations of the intervals in the range;</li>
 *   <li>{@code GET /api/profiler/heap?group=G&start=..&end=..}: the newest heap summary in the range;</li>
 *   <li>{@code GET /api/profiler/anomalies?group=G&start=..&end=..}: the anomalies of the intervals in the range.</li>
 * </ul>
 */
public final class ProfilerPage implements ConsolePage {
    @Override
    public String id() {
        return "profiler";
    }

    @Override
    public String title() {
        return "Profiler";
    }

    @Override
    public int order() {
        return 75;
    }

    @Override
    public void install(ConsoleApi api, Monitor monitor) {
        Path root = ProfileReports.root(monitor.dataDir());
        api.get("groups", request -> groups(root));
        api.get("flamegraph", request -> flameGraph(root, request));
        api.get("recommendations", request -> recommendations(root, request));
        api.get("heap", request -> heap(root, request));
        api.get("anomalies", request -> anomalies(root, request));
    }

    /** A profiling group and the kinds of profile it has files of. */
    record Group(String name, List<String> kinds) {
    }

    static Map<String, Object> groups(Path root) {
        List<Group> groups = new ArrayList<>();
        for (String group : CollapsedProfile.groups(root)) {
            List<String> kinds = new ArrayList<>();
            for (String kind : List.of("cpu", "alloc", "lock")) {
                if (!CollapsedProfile.files(root, group, kind, Instant.MIN, Instant.MAX).isEmpty()) {
                    kinds.add(kind);
                }
            }
            groups.add(new Group(group, kinds));
        }
        return Map.of("groups", groups, "root", root.toAbsolutePath().normalize().toString());
    }

    /** The group the request names (one of those under the root), or the first; null when there is none. */
    static String group(Path root, ApiRequest request) {
        List<String> groups = CollapsedProfile.groups(root);
        String group = request.optional("group").orElse(null);
        if (group == null) {
            return groups.isEmpty() ? null : groups.get(0);
        }
        if (!groups.contains(group)) {
            throw ApiException.badRequest("parameter 'group' value '" + group + "' is not a profiling group with files here"
                    + (groups.isEmpty() ? " (there is none yet)" : ": " + String.join(", ", groups)));
        }
        return group;
    }

    static Map<String, Object> flameGraph(Path root, ApiRequest request) {
        ApiRequest.TimeRange range = request.range();
        String kind = request.optional("kind").orElse("cpu");
        if (!CollapsedProfile.KINDS.contains(kind)) {
            throw ApiException.badRequest("parameter 'kind' value '" + kind + "' is not one of cpu, alloc, lock");
        }
        String compare = request.optional("compare").orElse("none");
        if (!compare.equals("none") && !compare.equals("previous")) {
            throw ApiException.badRequest("parameter 'compare' value '" + compare + "' is not one of none, previous");
        }
        String group = group(root, request);
        CollapsedProfile target = group == null ? CollapsedProfile.empty()
                : CollapsedProfile.read(root, group, kind, range.start(), range.end());
        CollapsedProfile baseline = null;
        Instant baselineStart = range.start().minus(range.length());
        if (compare.equals("previous")) {
            baseline = group == null ? CollapsedProfile.empty() : CollapsedProfile.read(root, group, kind, baselineStart, range.start());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("group", group);
        answer.put("start", range.start());
        answer.put("end", range.end());
        if (baseline != null) {
            answer.put("baselineStart", baselineStart);
            answer.put("baselineEnd", range.start());
        }
        answer.put("intervals", group == null ? 0 : CollapsedProfile.files(root, group, kind, range.start(), range.end()).size());
        answer.putAll(FlameGraphPage.data(kind, target, baseline));
        List<String> problems = new ArrayList<>(target.problems());
        if (baseline != null) {
            problems.addAll(baseline.problems());
        }
        answer.put("problems", problems);
        return answer;
    }

    static Map<String, Object> recommendations(Path root, ApiRequest request) {
        ApiRequest.TimeRange range = request.range();
        String group = group(root, request);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("group", group);
        ProfileReports.Read<ProfileReports.RecommendationReport> read = group == null ? new ProfileReports.Read<>(List.of(), List.of())
                : ProfileReports.recommendations(root, group, range.start(), range.end());
        answer.put("reports", read.items());
        answer.put("problems", read.problems());
        return answer;
    }

    static Map<String, Object> heap(Path root, ApiRequest request) {
        ApiRequest.TimeRange range = request.range();
        String group = group(root, request);
        ProfileReports.Read<ProfileReports.HeapSummary> read = group == null ? new ProfileReports.Read<>(List.of(), List.of())
                : ProfileReports.heapSummaries(root, group, range.start(), range.end());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("group", group);
        answer.put("summaries", read.items().size());
        answer.put("summary", read.items().isEmpty() ? null : read.items().get(read.items().size() - 1));
        answer.put("problems", read.problems());
        return answer;
    }

    static Map<String, Object> anomalies(Path root, ApiRequest request) {
        ApiRequest.TimeRange range = request.range();
        String group = group(root, request);
        ProfileReports.Read<ProfileReports.AnomalyReport> read = group == null ? new ProfileReports.Read<>(List.of(), List.of())
                : ProfileReports.anomalies(root, group, range.start(), range.end());
        List<ProfileReports.Anomaly> anomalies = new ArrayList<>();
        read.items().forEach(report -> anomalies.addAll(report.anomalies()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("group", group);
        answer.put("anomalies", anomalies);
        answer.put("problems", read.problems());
        return answer;
    }
}
