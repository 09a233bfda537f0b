package org.indaba.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Rendered pages shared by readers who would get the same bytes, least recently used first out when
 * the total passes a byte budget. Keys are built by the routes from what the page shows (a version
 * read from the database among them), so a change is never served stale and an entry is never
 * removed by hand: it stops being asked for. Many readers missing the same key at once wait for one
 * rendering.
 */
public final class PageCache {
  /** What renders a page on a miss. */
  @FunctionalInterface
  public interface Renderer {
    RenderedPage render() throws Exception;
  }

  private final long budgetBytes;
  private final LinkedHashMap<String, RenderedPage> entries = new LinkedHashMap<>(256, 0.75f, true);
  private final Map<String, CompletableFuture<RenderedPage>> rendering = new ConcurrentHashMap<>();
  private long bytes;

  public PageCache(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  public RenderedPage get(String key, Renderer renderer) throws Exception {
    RenderedPage hit = lookup(key);
    if (hit != null) {
      return hit;
    }
    CompletableFuture<RenderedPage> mine = new CompletableFuture<>();
    CompletableFuture<RenderedPage> theirs = rendering.putIfAbsent(key, mine);
    if (theirs != null) {
      try {
        return theirs.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
    try {
      RenderedPage page = renderer.render();
      store(key, page);
      mine.complete(page);
      return page;
    } catch (Exception | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      rendering.remove(key, mine);
    }
  }

  private synchronized RenderedPage lookup(String key) {
    return entries.get(key);
  }

  private synchronized void store(String key, RenderedPage page) {
    if (page.size() > budgetBytes) {
      return;
    }
    RenderedPage old = entries.put(key, page);
    bytes += page.size() - (old == null ? 0 : old.size());
    var it = entries.entrySet().iterator();
    while (bytes > budgetBytes && it.hasNext()) {
      var e = it.next();
      if (!e.getKey().equals(key)) {
        bytes -= e.getValue().size();
        it.remove();
      }
    }
  }

  public synchronized int entries() {
    return entries.size();
  }
}
