package dev.monitor.core.dashboard.internal;

import dev.monitor.core.dashboard.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Places widgets given without {@code x} and {@code y} at "the next available position" of the
 * 24-column grid, as CloudWatch does: the first free spot in reading order (top to bottom, then left
 * to right) where the widget's size fits beside what is already placed. Widgets with a position keep it.
 */
final class GridLayout {
    /** A widget to place: its position when given, else null, and its size. */
    record Item(Placement given, int width, int height) {
    }

    private GridLayout() {
    }

    static List<Placement> place(List<Item> items) {
        List<Placement> placed = new ArrayList<>();
        for (Item item : items) {
            if (item.given() != null) {
                placed.add(item.given());
            }
        }
        List<Placement> result = new ArrayList<>();
        for (Item item : items) {
            if (item.given() != null) {
                result.add(item.given());
                continue;
            }
            Placement spot = firstFree(placed, item.width(), item.height());
            placed.add(spot);
            result.add(spot);
        }
        return result;
    }

    /**
     * The first free spot: its top is 0 or the bottom of a placed widget, and its left 0 or the right edge
     * of one, since a spot that could move up or left would have been found first.
     */
    private static Placement firstFree(List<Placement> placed, int width, int height) {
        TreeSet<Integer> tops = new TreeSet<>();
        TreeSet<Integer> lefts = new TreeSet<>();
        tops.add(0);
        lefts.add(0);
        for (Placement p : placed) {
            tops.add(p.y() + p.height());
            if (p.x() + p.width() + width <= Placement.COLUMNS) {
                lefts.add(p.x() + p.width());
            }
        }
        for (int top : tops) {
            for (int left : lefts) {
                Placement candidate = new Placement(left, top, width, height);
                if (placed.stream().noneMatch(candidate::overlaps)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("unreachable: below every widget the grid is free");
    }
}
