package com.example;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;

/** Needs a folder from its user, so it is not auto-loaded and has no no-argument constructor. */
@FitHandler(autoLoad = false)
public final class BuiltByItsUser {
  private final String folder;

  public BuiltByItsUser(String folder) {
    this.folder = folder;
  }

  @OnEpochEnd
  void save() {
    folder.length();
  }
}
