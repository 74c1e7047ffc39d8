package dev.monitor.core.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * A {@code log} widget: a Logs Insights query over log groups, shown as a table (default) or a chart.
 *
 * @param query          the query as the body gives it: {@code SOURCE 'group' | SOURCE 'other' | filter ...}
 * @param logGroups      the groups its {@code SOURCE} clauses name, in order
 * @param insightsQuery  the query after the {@code SOURCE} clauses, with each {@code \n|} line break kept
 * @param title          the title, or null
 * @param view           table, timeSeries, bar or pie
 */
public record LogWidget(Placement placement, String query, List<String> logGroups, String insightsQuery, String title, View view)
        implements Widget {
    public LogWidget {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(query, "query");
        logGroups = List.copyOf(logGroups);
        Objects.requireNonNull(insightsQuery, "insightsQuery");
        view = view == null ? View.TABLE : view;
    }

    @Override
    public String type() {
        return "log";
    }

    /** How the results are shown. */
    public enum View {
        TABLE("table"), TIME_SERIES("timeSeries"), BAR("bar"), PIE("pie");

        private final String json;

        View(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        /** The view written {@code json}, or null when there is none. */
        public static View of(String json) {
            for (View view : values()) {
                if (view.json.equals(json)) {
                    return view;
                }
            }
            return null;
        }
    }
}
