package org.indaba.app;

import java.util.List;
import org.indaba.account.AccountService;

/** The demo community's people; README.md lists the same addresses and passwords. */
public final class DemoAccounts {
  public static final String PASSWORD = "indaba-demo-2026";

  private DemoAccounts() {}

  public record Person(
      String email,
      String name,
      String organisation,
      String city,
      String country,
      String language,
      String timeZone,
      String role) {}

  public static final List<Person> PEOPLE =
      List.of(
          new Person(
              "admin@demo.indaba.test",
              "Amina Diallo",
              "Indaba Community Team",
              "Dakar",
              "Senegal",
              "fr",
              "Africa/Dakar",
              "admin"),
          new Person(
              "moderator1@demo.indaba.test",
              "Lucía Fernández",
              "Red de Migración y Desarrollo",
              "Madrid",
              "Spain",
              "es",
              "Europe/Madrid",
              "moderator"),
          new Person(
              "moderator2@demo.indaba.test",
              "James Okello",
              "East Africa Diaspora Forum",
              "Kampala",
              "Uganda",
              "en",
              "Africa/Kampala",
              "moderator"),
          new Person(
              "member1@demo.indaba.test",
              "Fatima Benali",
              "Association Migrations et Territoires",
              "Casablanca",
              "Morocco",
              "fr",
              "Africa/Casablanca",
              "member"),
          new Person(
              "member2@demo.indaba.test",
              "Carlos Mendoza",
              "Municipalidad de San Salvador",
              "San Salvador",
              "El Salvador",
              "es",
              "America/El_Salvador",
              "member"),
          new Person(
              "member3@demo.indaba.test",
              "Priya Raman",
              "Remittance Research Institute",
              "Chennai",
              "India",
              "en",
              "Asia/Kolkata",
              "member"),
          new Person(
              "member4@demo.indaba.test",
              "Jean-Baptiste Nkurunziza",
              "Ville de Bujumbura",
              "Bujumbura",
              "Burundi",
              "fr",
              "Africa/Bujumbura",
              "member"),
          new Person(
              "member5@demo.indaba.test",
              "Sofía Rojas",
              "Fundación Diáspora Andina",
              "Quito",
              "Ecuador",
              "es",
              "America/Guayaquil",
              "member"),
          new Person(
              "member6@demo.indaba.test",
              "Omar Haddad",
              "Arab Network for Migrant Rights",
              "Amman",
              "Jordan",
              "ar",
              "Asia/Amman",
              "member"));

  public static void create(AccountService service) {
    for (Person p : PEOPLE) {
      service.createVerifiedMember(
          new AccountService.Registration(
              p.email(),
              PASSWORD,
              p.name(),
              p.organisation(),
              p.city(),
              p.country(),
              p.language(),
              p.timeZone()),
          p.role());
    }
  }
}
