package com.example.pack;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.event.TrainEnd;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Not auto-loaded: runs only when its user asks for it. */
@FitHandler(id = "pack.on-request", autoLoad = false)
public final class OnRequest {
  private final List<String> sink;

  @Inject
  OnRequest(@Named("pack.sink") List<String> sink) {
    this.sink = sink;
  }

  @OnTrainEnd
  void done(TrainEnd event) {
    sink.add("on request: " + event.outcome());
  }
}
