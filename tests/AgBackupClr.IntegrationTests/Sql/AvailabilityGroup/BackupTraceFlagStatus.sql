-- Whether trace flags 3261 and 3262 are on for the whole instance: one row per flag, Global = 1 when it is.
DBCC TRACESTATUS (3261, 3262) WITH NO_INFOMSGS;
