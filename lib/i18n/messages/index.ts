/** The message catalogues, one module per language; English is complete and the others are checked against it (test/i18n). */
import type { Lang } from "../lang";
import { en } from "./en";
import { pl } from "./pl";
import { cs } from "./cs";
import { sk } from "./sk";
import { ru } from "./ru";
import { es } from "./es";

/** A plain message, or plural forms (Intl.PluralRules categories) chosen by the `count` parameter. */
export type Message = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);
export type MessageKey = keyof typeof en;
/** Every key of the English catalogue, each a message. */
export type Catalogue = Record<MessageKey, Message>;

export const CATALOGUES: Record<Lang, Catalogue> = { en, pl, cs, sk, ru, es };
