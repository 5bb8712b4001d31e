package dev.fitkit.handlers.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void valuesHaveFourSignificantDigitsAndNoTrailingZeros() {
    assertEquals("0.4123", Numbers.format(0.41234));
    assertEquals("2", Numbers.format(2.0));
    assertEquals("0.00001", Numbers.format(1e-5));
    assertEquals("123500", Numbers.format(123456.0));
    assertEquals("NaN", Numbers.format(Double.NaN));
    assertEquals("-Infinity", Numbers.format(Double.NEGATIVE_INFINITY));
  }

  @Test
  void durationsReadAsSecondsOrHoursMinutesSeconds() {
    assertEquals("0.532 s", Numbers.format(Duration.ofMillis(532)));
    assertEquals("1h 02m 03s", Numbers.format(Duration.ofSeconds(3723)));
    assertEquals("0h 01m 00s", Numbers.format(Duration.ofMinutes(1)));
  }

  @Test
  void epochsAgreeInNumber() {
    assertEquals("1 epoch", Numbers.epochs(1));
    assertEquals("2 epochs", Numbers.epochs(2));
  }
}
