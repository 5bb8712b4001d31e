package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.event.EpochEnd;
import java.util.ArrayList;
import java.util.List;

/** Counts the native arrays the model's memory manager holds at each epoch end. */
@FitHandler(id = "test.array-counter", autoLoad = false)
public final class ArrayCounter {
  public final List<Integer> counts = new ArrayList<>();

  @OnEpochEnd
  void count(EpochEnd e) {
    counts.add(e.context().model().getNDManager().getManagedArrays().size());
  }
}
