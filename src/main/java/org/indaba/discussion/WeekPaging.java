package org.indaba.discussion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a week's contributions into threads and pages. A thread is a contribution that replies to
 * nothing shown in the week, with every reply below it, at any depth, in time order. Pages hold
 * whole threads: threads are added while the page stays within {@link #PAGE_SIZE} contributions, so
 * a page break never splits a thread, and a thread longer than a page has a page of its own.
 */
public final class WeekPaging {
  /**
   * Contributions a page aims at. With the demo-like cards of {@code WeekPagingTest}, a week page
   * of 50 stays well under 30 KB compressed (the test prints and checks the figure).
   */
  public static final int PAGE_SIZE = 50;

  private WeekPaging() {}

  /** The order of threads in a week: by their first contribution, oldest or newest first. */
  public enum Order {
    OLDEST("oldest"),
    NEWEST("newest");

    public final String code;

    Order(String code) {
      this.code = code;
    }

    public static Order of(String code) {
      return "newest".equals(code) ? NEWEST : OLDEST;
    }
  }

  /**
   * A reply in a thread; {@code direct} when it answers the thread's first contribution, the one
   * level of indentation shown (deeper replies keep their "in reply to" line).
   */
  public record Reply(ContributionView v, boolean direct) {}

  /** A contribution and every reply below it. */
  public record Thread(ContributionView root, List<Reply> replies) {
    int size() {
      return 1 + replies.size();
    }
  }

  /** One page of threads: {@code number} of {@code count} (1-based), of {@code total} in all. */
  public record Cut(List<Thread> threads, int number, int count, int total) {
    public List<ContributionView> contributions() {
      List<ContributionView> all = new ArrayList<>();
      for (Thread t : threads) {
        all.add(t.root());
        t.replies().forEach(r -> all.add(r.v()));
      }
      return all;
    }
  }

  /** The threads of contributions given in time order. */
  public static List<Thread> threads(List<ContributionView> inTimeOrder) {
    Map<Long, ContributionView> byId = new HashMap<>();
    inTimeOrder.forEach(v -> byId.put(v.id(), v));
    Map<Long, Long> rootOf = new HashMap<>();
    Map<Long, List<Reply>> replies = new LinkedHashMap<>();
    List<ContributionView> roots = new ArrayList<>();
    for (ContributionView v : inTimeOrder) {
      Long parent = v.replyToId();
      if (parent == null || !byId.containsKey(parent) || !rootOf.containsKey(parent)) {
        // a reply to a contribution of another week, or not visible here, opens a thread
        rootOf.put(v.id(), v.id());
        roots.add(v);
        replies.put(v.id(), new ArrayList<>());
      } else {
        long root = rootOf.get(parent);
        rootOf.put(v.id(), root);
        replies.get(root).add(new Reply(v, parent == root));
      }
    }
    List<Thread> threads = new ArrayList<>();
    for (ContributionView r : roots) {
      threads.add(new Thread(r, List.copyOf(replies.get(r.id()))));
    }
    return threads;
  }

  /**
   * Page {@code page} (clamped to the pages there are) of the threads, in the given order, with
   * pages of about {@code size} contributions.
   */
  public static Cut cut(List<Thread> threads, Order order, int page, int size) {
    List<Thread> ordered = new ArrayList<>(threads);
    if (order == Order.NEWEST) {
      java.util.Collections.reverse(ordered);
    }
    List<List<Thread>> pages = new ArrayList<>();
    List<Thread> current = new ArrayList<>();
    int inCurrent = 0;
    int total = 0;
    for (Thread t : ordered) {
      total += t.size();
      if (!current.isEmpty() && inCurrent + t.size() > size) {
        pages.add(current);
        current = new ArrayList<>();
        inCurrent = 0;
      }
      current.add(t);
      inCurrent += t.size();
    }
    if (!current.isEmpty() || pages.isEmpty()) {
      pages.add(current);
    }
    int n = Math.max(1, Math.min(page, pages.size()));
    return new Cut(List.copyOf(pages.get(n - 1)), n, pages.size(), total);
  }
}
