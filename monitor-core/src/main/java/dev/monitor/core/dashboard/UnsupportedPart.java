package dev.monitor.core.dashboard;

/**
 * A part of a valid dashboard body that Monitor accepts and does not draw (an explorer widget,
 * dashboard variables, a search expression, ...), listed so that a page can say so.
 *
 * @param dataPath where it is, as a JSON pointer such as {@code /widgets/2} or {@code /variables}
 * @param what     what it is and why it is not drawn
 */
public record UnsupportedPart(String dataPath, String what) {
}
