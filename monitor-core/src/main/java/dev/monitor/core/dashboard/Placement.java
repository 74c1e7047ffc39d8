package dev.monitor.core.dashboard;

/**
 * Where a widget sits on CloudWatch's 24-column dashboard grid, in grid units: {@code x} 0–23,
 * {@code y} 0 or more, {@code width} 1–24 (default 6), {@code height} 1–1000 (default 6). A widget
 * given without {@code x} and {@code y} takes the next available position, as CloudWatch places it.
 */
public record Placement(int x, int y, int width, int height) {
    /** The columns of the grid. */
    public static final int COLUMNS = 24;
    /** CloudWatch's default width and height of a widget. */
    public static final int DEFAULT_SIZE = 6;
    /** The tallest widget CloudWatch allows. */
    public static final int MAX_HEIGHT = 1000;

    public Placement {
        if (x < 0 || x >= COLUMNS) {
            throw new IllegalArgumentException("x " + x + " is off the grid: allowed 0 to 23");
        }
        if (y < 0) {
            throw new IllegalArgumentException("y " + y + " is negative: allowed 0 or more");
        }
        if (width < 1 || width > COLUMNS) {
            throw new IllegalArgumentException("width " + width + " is out of range: allowed 1 to 24");
        }
        if (height < 1 || height > MAX_HEIGHT) {
            throw new IllegalArgumentException("height " + height + " is out of range: allowed 1 to 1000");
        }
    }

    /** Whether this and {@code other} share a grid cell. */
    public boolean overlaps(Placement other) {
        return x < other.x + other.width && other.x < x + width && y < other.y + other.height && other.y < y + height;
    }
}
