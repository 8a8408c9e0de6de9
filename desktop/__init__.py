"""政务公开台账 (zwgk): version and name, the single source for packaging and the installer."""

__version__ = "0.1.0"
APP_NAME = "政务公开台账"
APP_ID = "zwgk"
ORG_NAME = "zwgk"
