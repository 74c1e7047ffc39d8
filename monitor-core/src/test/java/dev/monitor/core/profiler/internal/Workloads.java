package dev.monitor.core.profiler.internal;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.regex.Pattern;

/** Small programs for real recordings: one wasteful in known ways, one doing the same work well, one with a known hot method. */
final class Workloads {
    private static final Pattern ORDER = Pattern.compile("([a-z]+)-(\\d+)");
    static volatile long sink;

    private Workloads() {
    }

    /** Compiles its pattern per call, walks a LinkedList by index, parses with exceptions, formats with String.format. */
    static void wasteful(long nanos) {
        LinkedList<Integer> list = new LinkedList<>();
        for (int i = 0; i < 2000; i++) {
            list.add(i);
        }
        long until = System.nanoTime() + nanos;
        long sum = 0;
        for (int i = 0; System.nanoTime() < until; i++) {
            if (Pattern.compile("([a-z]+)-(\\d+)").matcher("order-" + i).matches()) {
                sum++;
            }
            sum += list.get((i * 31) % 2000);
            // two failed parses an iteration: the exceptions' share of the allocation samples stays well above the
            // rule's 5% even when a loaded machine delivers few samples
            for (int k = 0; k < 2; k++) {
                try {
                    sum += Integer.parseInt("x" + i);
                } catch (NumberFormatException e) {
                    sum--;
                }
            }
            sum += String.format("order %d of %s", i, "shop").length();
        }
        sink = sum;
    }

    /** The same work done well: a pattern compiled once, an ArrayList, a check before parsing, concatenation. */
    static void clean(long nanos) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            list.add(i);
        }
        long until = System.nanoTime() + nanos;
        long sum = 0;
        for (int i = 0; System.nanoTime() < until; i++) {
            if (ORDER.matcher("order-" + i).matches()) {
                sum++;
            }
            sum += list.get((i * 31) % 2000);
            sum += i % 2 == 0 ? -1 : Integer.parseInt(Integer.toString(i));
            sum += ("order " + i + " of shop").length();
        }
        sink = sum;
    }

    /**
     * Three quarters of the work in {@link #hot}, a quarter in {@link #cold}: the same loop, three times as many rounds.
     * (The loop does arithmetic, not clock reads: JFR cannot walk a thread's stack while it is in the clock's leaf call.)
     */
    static void hotAndCold(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            hot(30_000);
            cold(10_000);
        }
    }

    static void hot(int rounds) {
        sink += work(rounds);
    }

    static void cold(int rounds) {
        sink += work(rounds);
    }

    private static long work(int rounds) {
        double x = 1;
        for (int i = 1; i <= rounds; i++) {
            x = Math.sqrt(x + i) * 1.0000001;
        }
        return (long) x;
    }

    /** Two threads taking turns on one monitor, each holding it for 3 ms (asleep, so that they cost no CPU samples). */
    static Thread[] contending(long nanos) {
        Object monitor = new Object();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                long until = System.nanoTime() + nanos;
                while (System.nanoTime() < until) {
                    synchronized (monitor) {
                        sleep(3);
                    }
                }
            }, "contending-" + t);
            threads[t].start();
        }
        return threads;
    }

    /** A thread that waits for a flag by sleeping 2 ms at a time. */
    static Thread polling(long nanos) {
        Thread thread = new Thread(() -> {
            long until = System.nanoTime() + nanos;
            while (System.nanoTime() < until) {
                sleep(2);
            }
        }, "polling");
        thread.start();
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code work} on a thread of its own named {@code name} and waits for it. */
    static void onThread(String name, Runnable work) throws InterruptedException {
        Thread thread = new Thread(work, name);
        thread.start();
        thread.join();
    }
}
