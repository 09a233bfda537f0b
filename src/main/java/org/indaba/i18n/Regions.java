package org.indaba.i18n;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The region of each country, after the United Nations' M49 standard (Africa 002, Americas 019,
 * Asia 142, Europe 150, Oceania 009), so that facilitators can count contributions by region. Names
 * are in the bundles ({@code region.<code>}); a country M49 leaves out (Antarctica and a few
 * uninhabited islands) has no region.
 */
public final class Regions {
  public static final String AFRICA = "002";
  public static final String AMERICAS = "019";
  public static final String ASIA = "142";
  public static final String EUROPE = "150";
  public static final String OCEANIA = "009";

  /** Every region, in the order of their M49 codes' names in the standard. */
  public static final List<String> ALL = List.of(AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA);

  private static final Map<String, String> OF = new HashMap<>();

  static {
    put(
        AFRICA,
        "DZ EG LY MA SD TN EH IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW"
            + " AO CM CF TD CG CD GQ GA ST BW SZ LS NA ZA BJ BF CV CI GM GH GN GW LR ML MR NE NG"
            + " SH SN SL TG");
    put(
        AMERICAS,
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI"
            + " BZ CR SV GT HN MX NI PA AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE BM CA GL"
            + " PM US");
    put(
        ASIA,
        "KZ KG TJ TM UZ CN HK MO KP JP MN KR TW BN KH ID LA MY MM PH SG TH TL VN AF BD BT IN IR"
            + " MV NP PK LK AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE");
    put(
        EUROPE,
        "BY BG CZ HU PL MD RO RU SK UA AX DK EE FO FI GG IS IE IM IT JE LV LT NO SJ SE GB AL AD"
            + " BA HR GI GR VA ME MK MT PT SM RS SI ES XK AT BE FR DE LI LU MC NL CH");
    put(
        OCEANIA,
        "AU CX CC HM NZ NF FJ NC PG SB VU GU KI MH FM NR MP PW UM AS CK PF NU PN WS TK TO TV WF");
  }

  private static void put(String region, String codes) {
    for (String c : codes.split(" +")) {
      OF.put(c, region);
    }
  }

  private Regions() {}

  /** The M49 region of an ISO 3166-1 alpha-2 code, or null. */
  public static String of(String countryCode) {
    return countryCode == null ? null : OF.get(countryCode);
  }

  /** The bundle key of a region's name. */
  public static String nameKey(String region) {
    return "region." + region;
  }
}
