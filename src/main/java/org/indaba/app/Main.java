package org.indaba.app;

public final class Main {
  public static void main(String[] args) {
    System.out.println("indaba");
  }
}
