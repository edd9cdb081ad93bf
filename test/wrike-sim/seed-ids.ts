// Fixed ids of the seeded accounts and people, in their own module so every part of the seed can use
// them without import cycles.
export const ACME_ID = "IEACW7SM";
export const NORD_ID = "IEAEB3NX";
export const ADA_ID = "KUAJ5YQB";
export const GRACE_ID = "KUAL2PDR";
export const MARGARET_ID = "KUAM7TFW";
export const LINUS_ID = "KUAN4HZC";
export const KATHERINE_ID = "KUAP3KXE";
export const FREYA_ID = "KUAQ6WRV";
export const JONAS_ID = "KUAR2MBG";
