package dev.monitor.aws;

import java.util.List;
import software.amazon.awssdk.regions.Region;

/** The regions the SDK's endpoint metadata knows, to tell a typo from a region newer than the SDK. */
final class Regions {
    private Regions() {
    }

    /**
     * A known region within two edits of {@code region} when {@code region} itself is unknown (a
     * typo such as {@code us-eats-1}); null when it is known, or unknown and like no known one (a
     * region newer than this SDK, accepted as given).
     */
    static String nearestKnown(String region) {
        List<Region> known = Region.regions();
        String best = null;
        int bestDistance = 3;
        for (Region candidate : known) {
            String id = candidate.id();
            if (id.equals(region)) {
                return null;
            }
            int distance = distance(id, region);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = id;
            }
        }
        return best;
    }

    /** Whether the SDK's metadata knows {@code region}. */
    static boolean isKnown(String region) {
        return Region.regions().stream().anyMatch(r -> r.id().equals(region));
    }

    /** Levenshtein distance, an adjacent transposition counting as one edit (us-eats-1 is one from us-east-1). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
