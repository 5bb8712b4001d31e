package dev.fitkit.loop;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import dev.fitkit.spi.StatefulHandler;

/** Handler states to and from JSON, for checkpoints. */
final class HandlerStates {
  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private HandlerStates() {}

  static JsonElement save(StatefulHandler<?> handler) {
    return GSON.toJsonTree(handler.saveState());
  }

  static <S> void restore(StatefulHandler<S> handler, JsonElement saved) {
    handler.restoreState(GSON.fromJson(saved, handler.stateType()));
  }
}
