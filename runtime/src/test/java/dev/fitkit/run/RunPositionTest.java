package dev.fitkit.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.Budget;
import org.junit.jupiter.api.Test;

/** Where a run is, as the loop moves it. */
class RunPositionTest {
  private static RunPosition afterBatches(int batches) {
    RunPosition position = new RunPosition(Budget.batches(100));
    position.beginEpoch(0);
    for (int i = 0; i < batches; i++) {
      position.beginBatch();
      position.batchTrained();
      position.endBatch();
    }
    return position;
  }

  @Test
  void aCutShortEpochNeverCountsAsEndedForACheckpoint() {
    RunPosition position = afterBatches(3);
    position.batchesOver(false);
    position.beginEpochEnd();
    assertFalse(
        position.epochEndedForCheckpoint(), "its end runs, but its batches did not all run");
    position.endEpoch();
    assertFalse(position.epochEndedForCheckpoint(), "nor once its end ran");
  }

  @Test
  void aCompleteEpochCountsAsEndedFromItsEndOnExceptDuringItsValidation() {
    RunPosition position = afterBatches(3);
    position.batchesOver(true);
    assertFalse(position.epochEndedForCheckpoint(), "its end has not begun");
    position.beginEpochEnd();
    assertTrue(position.epochEndedForCheckpoint());
    position.beginValidation();
    assertFalse(position.epochEndedForCheckpoint(), "its validation is running");
    position.endValidation(true);
    assertTrue(position.epochEndedForCheckpoint());
  }

  @Test
  void aBatchCountsFromItsEndOnAndARefusedOneDoesNot() {
    RunPosition position = afterBatches(2);
    position.beginBatch();
    assertEquals(2, position.batchIndex());
    assertEquals(2, position.globalStep(), "the batch in flight is step 2");
    assertEquals(2, position.stepsCompleted());
    position.batchTrained();
    assertEquals(2, position.globalStep(), "still step 2 during its end");
    assertEquals(3, position.stepsCompleted());
    assertEquals(3, position.batchesInEpoch());
    position.batchRejected();
    assertEquals(2, position.stepsCompleted(), "refused before its step: not trained");
    assertEquals(2, position.batchesInEpoch());
  }

  @Test
  void theBudgetIsSpentByBatchesOrByEndedEpochs() {
    RunPosition batches = afterBatches(99);
    assertFalse(batches.budgetSpent());
    batches.beginBatch();
    batches.batchTrained();
    assertTrue(batches.budgetSpent());

    RunPosition epochs = new RunPosition(Budget.epochs(1));
    epochs.beginEpoch(0);
    epochs.batchesOver(true);
    epochs.beginEpochEnd();
    assertFalse(epochs.budgetSpent());
    epochs.endEpoch();
    assertTrue(epochs.budgetSpent());
    assertEquals(1, epochs.epochsStarted());
    assertFalse(new RunPosition(null).budgetSpent(), "evaluate has no budget");
  }

  @Test
  void aResumedEpochKeepsItsTrainedBatchesAndValidation() {
    RunPosition position = RunPosition.resumed(Budget.epochs(3), 1, 40, 134, true, false);
    assertTrue(position.resumed());
    assertEquals(1, position.epochsEnded());
    assertEquals(1, position.epochsStarted(), "epoch 1 has not begun again yet");
    position.beginEpoch(1);
    assertEquals(2, position.epochsStarted());
    assertEquals(40, position.batchesInEpoch());
    assertTrue(position.validated());
    position.beginEpoch(2);
    assertEquals(0, position.batchesInEpoch(), "the next epoch starts afresh");
    assertFalse(position.validated());
  }

  @Test
  void aValidationCutShortBetweenBatchesIsOwedUntilOneCompletes() {
    RunPosition position = afterBatches(3);
    position.beginValidation();
    assertTrue(position.validating());
    position.endValidation(false);
    assertTrue(position.validationOwed());
    assertFalse(position.validated());
    position.beginValidation();
    position.endValidation(true);
    assertFalse(position.validationOwed());
    assertTrue(position.validated());
    assertEquals("epoch 0, step 3", position.toString());
  }
}
