import dev.fitkit.annotations.OnTrainBegin;

class NoPackage {
  @OnTrainBegin
  void begin() {}
}
