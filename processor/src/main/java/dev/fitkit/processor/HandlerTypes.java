package dev.fitkit.processor;

import javax.lang.model.element.Element;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Facts about handler classes that several steps need. */
final class HandlerTypes {
  private HandlerTypes() {}

  /**
   * The name used in messages: the qualified name, or for classes declared in code, which have none
   * (javac returns a bare simple name), the binary name.
   */
  static String displayName(Elements elements, TypeElement type) {
    return isDeclaredInCode(type)
        ? elements.getBinaryName(type).toString()
        : type.getQualifiedName().toString();
  }

  /**
   * Whether the class is local, anonymous, or nested in one: declared inside a method or
   * initializer.
   */
  static boolean isDeclaredInCode(TypeElement type) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        return true;
      }
    }
    return false;
  }
}
