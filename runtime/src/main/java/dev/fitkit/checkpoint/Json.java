package dev.fitkit.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one JSON set-up of checkpoints: run state, handler states and the manifest. */
public final class Json {
  /** NaN and infinities are written as such: a metric or a best value may be either. */
  public static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private Json() {}
}
